package dev.mlcycle.serving.resource;

import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.serving.config.ServingConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The request body limit, {@code serving.http.max-body-size} (which also sets Quarkus's {@code
 * quarkus.http.limits.max-body-size}): a request that declares a larger {@code Content-Length} is answered 413 with
 * the service's error body ({@code {"error": ..., "reason": "PAYLOAD_TOO_LARGE", "message": ...}}, naming the limit and the key that
 * sets it) before any of it is read. A chunked body without a length that grows past the limit is stopped by Quarkus's
 * own check of {@code quarkus.http.limits.max-body-size}, which answers without this JSON body.
 */
@ApplicationScoped
public class BodyLimit {
    /** Just before Quarkus's own upload limit ({@code RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT}, -2). */
    static final int ORDER = -3;

    @Inject
    ServingConfig config;

    void install(@Observes Router router) {
        long limit = config.http().maxBodySize().asLongValue();
        router.route().order(ORDER).handler(ctx -> check(ctx, limit));
    }

    private static void check(RoutingContext ctx, long limit) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                ctx.next();
                return;
            }
            if (declared > limit) {
                refuse(ctx, limit, declared);
                return;
            }
        }
        ctx.next();
    }

    private static void refuse(RoutingContext ctx, long limit, long declared) {
        Map<String, Object> body = new LinkedHashMap<>();
        String message = "request body of " + declared + " bytes is larger than the limit of " + limit
                + " bytes (serving.http.max-body-size)";
        body.put("error", message);
        body.put("reason", Reason.PAYLOAD_TOO_LARGE.name());
        body.put("message", message);
        byte[] json;
        try {
            json = Json.mapper().writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        ctx.response()
                .setStatusCode(Reason.PAYLOAD_TOO_LARGE.httpStatus())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(io.vertx.core.buffer.Buffer.buffer(json));
    }
}
