package dev.mlcycle.serving.resource;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.serving.batch.Admission;
import dev.mlcycle.serving.batch.MicroBatcher;
import dev.mlcycle.serving.host.Deployment;
import dev.mlcycle.serving.host.ServedVersion;
import dev.mlcycle.serving.oip.Encoded;
import dev.mlcycle.serving.oip.InferRequest;
import dev.mlcycle.serving.oip.ModelSignature;
import dev.mlcycle.serving.oip.OipCodec;
import dev.mlcycle.serving.route.RoutingKeys;
import dev.mlcycle.serving.service.InferenceService;
import dev.mlcycle.serving.service.ServingRuntime;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The Open Inference Protocol v2 over REST: server and model metadata, health and readiness, and inference in JSON
 * or in the binary tensor data extension ({@value #HEADER_LENGTH}). Maps HTTP to {@link OipCodec} and {@link
 * InferenceService}; errors are {@code {"error": ...}} with the status of their reason (400 bad input, 404 unknown
 * model or version, 413 too large, 429 with {@code Retry-After} when admission refuses, 504 past the deadline).
 */
@Path("/v2")
public class OipResource {
    /** The binary tensor data extension's header: the length of the JSON header at the start of the body. */
    public static final String HEADER_LENGTH = OipCodec.HEADER_LENGTH;
    /** The server's name in {@code GET /v2}. */
    static final String SERVER_NAME = "mlcycle-serving";
    /** The server's version in {@code GET /v2}. */
    static final String SERVER_VERSION = "0.1.0";
    /** A deadline for the request, e.g. {@code 250ms} or {@code 2s}; a bare number is milliseconds. */
    public static final String REQUEST_TIMEOUT = "Request-Timeout";
    /** The key canary routing sticks to when the rows carry no event id. */
    public static final String ROUTING_KEY = RoutingKeys.HEADER;

    @Inject
    ServingRuntime runtime;

    @Inject
    OipCodec codec;

    @Inject
    Errors errors;

    /** Server metadata. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public byte[] server() {
        return codec.serverMetadata(SERVER_NAME, SERVER_VERSION);
    }

    /**
     * The model repository (an mlcycle extension, like Triton's repository index): every model the host knows, what
     * the registry asks for, what is served, what is loading and what failed and why.
     */
    @GET
    @Path("models")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> models() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("models", runtime.host().status());
        out.put("ready", runtime.host().isReady());
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("sent", runtime.log().sent());
        log.put("dropped", runtime.log().dropped());
        log.put("buffered", runtime.log().buffered());
        runtime.log().problem().ifPresent(p -> log.put("problem", p));
        out.put("prediction_log", log);
        return out;
    }

    /** Liveness: the process answers. */
    @GET
    @Path("health/live")
    public Response live() {
        return Response.ok().build();
    }

    /** Readiness: the registry has been read and every champion that can load has loaded. */
    @GET
    @Path("health/ready")
    public Response ready() {
        return runtime.host().isReady()
                ? Response.ok().build()
                : Response.status(503).build();
    }

    /** Model metadata: inputs, outputs, classes, versions and aliases. */
    @GET
    @Path("models/{model}")
    @Produces(MediaType.APPLICATION_JSON)
    public byte[] model(@PathParam("model") String model) {
        Deployment<Admission, MicroBatcher> d = inference().deployment(model);
        return metadata(d, d.champion());
    }

    /** One version's metadata. */
    @GET
    @Path("models/{model}/versions/{version}")
    @Produces(MediaType.APPLICATION_JSON)
    public byte[] version(@PathParam("model") String model, @PathParam("version") String version) {
        Deployment<Admission, MicroBatcher> d = inference().deployment(model);
        return metadata(d, inference().version(d, versionNumber(version)));
    }

    /** Whether the model is ready: 200 when it serves, 404 when it is not known here. */
    @GET
    @Path("models/{model}/ready")
    public Response modelReady(@PathParam("model") String model) {
        inference().deployment(model);
        return Response.ok().build();
    }

    /** Whether a version is ready. */
    @GET
    @Path("models/{model}/versions/{version}/ready")
    public Response versionReady(@PathParam("model") String model, @PathParam("version") String version) {
        inference().version(inference().deployment(model), versionNumber(version));
        return Response.ok().build();
    }

    /** Inference on the rollout's choice of version. */
    @POST
    @Path("models/{model}/infer")
    @Consumes(MediaType.WILDCARD)
    public CompletionStage<Response> infer(
            @PathParam("model") String model,
            @HeaderParam(HEADER_LENGTH) String headerLength,
            @HeaderParam(REQUEST_TIMEOUT) String timeout,
            @HeaderParam(ROUTING_KEY) String routingKey,
            byte[] body) {
        return run(model, null, headerLength, timeout, routingKey, body);
    }

    /** Inference on a named version. */
    @POST
    @Path("models/{model}/versions/{version}/infer")
    @Consumes(MediaType.WILDCARD)
    public CompletionStage<Response> inferVersion(
            @PathParam("model") String model,
            @PathParam("version") String version,
            @HeaderParam(HEADER_LENGTH) String headerLength,
            @HeaderParam(REQUEST_TIMEOUT) String timeout,
            @HeaderParam(ROUTING_KEY) String routingKey,
            byte[] body) {
        return run(model, versionNumber(version), headerLength, timeout, routingKey, body);
    }

    private CompletionStage<Response> run(
            String model, Integer version, String headerLength, String timeout, String routingKey, byte[] body) {
        InferRequest request;
        try {
            Deployment<Admission, MicroBatcher> d = inference().deployment(model);
            request = codec.decode(
                    body, headerLength, ModelSignature.of(d.champion().model()));
            return inference()
                    .infer(model, version, request, routingKey, timeout(timeout), continuation())
                    .handle((answer, error) -> {
                        if (error != null) {
                            return errors.response(error);
                        }
                        Encoded e = codec.encode(
                                request, answer.model(), answer.version(), answer.variant(), answer.outputs());
                        Response.ResponseBuilder b = Response.ok(e.body(), e.contentType());
                        if (e.inferenceHeaderContentLength() != null) {
                            b.header(HEADER_LENGTH, e.inferenceHeaderContentLength());
                        }
                        return b.build();
                    });
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(errors.response(e));
        }
    }

    /**
     * Runs an answer's continuation on this request's Vert.x context (its event loop), so that an answer from the
     * batcher's worker is finished and encoded there, without a hop through another pool; null outside Vert.x.
     */
    private static Executor continuation() {
        Context context = Vertx.currentContext();
        return context == null ? null : task -> context.runOnContext(ignored -> task.run());
    }

    private InferenceService inference() {
        return runtime.inference();
    }

    static int versionNumber(String version) {
        try {
            int v = Integer.parseInt(version);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // falls through to the error
        }
        throw new MlcycleException(
                Reason.NOT_FOUND, "version \"" + version + "\" does not exist: versions are numbers from 1");
    }

    /** {@value #REQUEST_TIMEOUT}: {@code 250ms}, {@code 2s}, {@code 500us}, or a bare number of milliseconds. */
    static Duration timeout(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            Duration d;
            if (v.endsWith("ms")) {
                d = Duration.ofNanos(Math.round(Double.parseDouble(v.substring(0, v.length() - 2)) * 1e6));
            } else if (v.endsWith("us")) {
                d = Duration.ofNanos(Math.round(Double.parseDouble(v.substring(0, v.length() - 2)) * 1e3));
            } else if (v.endsWith("s")) {
                d = Duration.ofNanos(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1e9));
            } else {
                d = Duration.ofNanos(Math.round(Double.parseDouble(v) * 1e6));
            }
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // falls through to the error
        }
        throw new MlcycleException(
                Reason.INVALID_ARGUMENT,
                REQUEST_TIMEOUT + ": expected a positive duration such as 250ms, 2s or 500us, got \"" + value + "\"");
    }

    private byte[] metadata(Deployment<Admission, MicroBatcher> d, ServedVersion<MicroBatcher> v) {
        List<Integer> versions =
                d.versions().stream().map(ServedVersion::version).toList();
        Map<String, Integer> aliases = new LinkedHashMap<>();
        aliases.put(ModelRecord.CHAMPION, d.champion().version());
        d.challenger().ifPresent(c -> aliases.put(ModelRecord.CHALLENGER, c.version()));
        return codec.metadata(ModelSignature.of(v.model()), d.model(), versions, aliases, v.version());
    }
}
