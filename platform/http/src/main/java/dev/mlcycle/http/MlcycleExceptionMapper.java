package dev.mlcycle.http;

import dev.mlcycle.contracts.MlcycleException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps every {@link MlcycleException} to its reason's HTTP status ({@link MlcycleException.Reason#httpStatus()}) with
 * the JSON body {@code {"error": message, "reason": REASON, "message": message}}: {@code error} is what Open Inference
 * Protocol clients read, {@code reason} and {@code message} what mlcycle's own clients read. The one mapper of every
 * service: a service that has this jar on its class path has it (the jar carries a Jandex index).
 */
@Provider
public class MlcycleExceptionMapper implements ExceptionMapper<MlcycleException> {
    @Override
    public Response toResponse(MlcycleException e) {
        return Response.status(e.reason().httpStatus())
                .type(MediaType.APPLICATION_JSON)
                .entity(body(e))
                .build();
    }

    /** The body: error, reason, message, in that order. */
    public static Map<String, String> body(MlcycleException e) {
        String message = e.getMessage() == null ? e.reason().name() : e.getMessage();
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("reason", e.reason().name());
        body.put("message", message);
        return body;
    }
}
