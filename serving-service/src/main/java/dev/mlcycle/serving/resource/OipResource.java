package dev.mlcycle.serving.resource;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.serving.host.Deployment;
import dev.mlcycle.serving.host.ServedVersion;
import dev.mlcycle.serving.oip.Encoded;
import dev.mlcycle.serving.oip.InferRequest;
import dev.mlcycle.serving.oip.ModelSignature;
import dev.mlcycle.serving.oip.OipCodec;
import dev.mlcycle.serving.service.InferenceService;
import dev.mlcycle.serving.service.ServingRuntime;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The Open Inference Protocol v2 over REST: server and model metadata, health and readiness, and inference in JSON
 * or in the binary tensor data extension ({@value #HEADER_LENGTH}). Maps HTTP to {@link OipCodec} and {@link
 * InferenceService}; errors are {@code {"error": ...}} with the status of their reason (400 bad input, 404 unknown
 * model or version, 413 too large, 429 with {@code Retry-After} when admission refuses, 504 past the deadline).
 */
@Path("/v2")
public class OipResource {
    /** The binary tensor data extension's header: the length of the JSON header at the start of the body. */
    public static final String HEADER_LENGTH = "Inference-Header-Content-Length";
    /** A deadline for the request, e.g. {@code 250ms} or {@code 2s}; a bare number is milliseconds. */
    public static final String REQUEST_TIMEOUT = "Request-Timeout";
    /** The key canary routing sticks to when the rows carry no event id. */
    public static final String ROUTING_KEY = "X-Mlcycle-Routing-Key";

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
        return codec.serverMetadata();
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
        return runtime.host().isReady() ? Response.ok().build() : Response.status(503).build();
    }

    /** Model metadata: inputs, outputs, classes, versions and aliases. */
    @GET
    @Path("models/{model}")
    @Produces(MediaType.APPLICATION_JSON)
    public byte[] model(@PathParam("model") String model) {
        Deployment d = inference().deployment(model);
        return codec.metadata(d, null);
    }

    /** One version's metadata. */
    @GET
    @Path("models/{model}/versions/{version}")
    @Produces(MediaType.APPLICATION_JSON)
    public byte[] version(@PathParam("model") String model, @PathParam("version") String version) {
        Deployment d = inference().deployment(model);
        return codec.metadata(d, inference().version(d, versionNumber(version)));
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
            Deployment d = inference().deployment(model);
            ModelSignature sig = ModelSignature.of(d.champion().model());
            request = headerLength == null
                    ? codec.decodeJson(body, sig)
                    : codec.decodeBinary(body, headerLength(headerLength, body.length), sig);
            return inference()
                    .infer(model, version, request, routingKey, timeout(timeout))
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

    static int headerLength(String value, int bodyLength) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, HEADER_LENGTH + ": expected a number of bytes, got \"" + value + "\"");
        }
        if (n < 0 || n > bodyLength) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    HEADER_LENGTH + ": " + n + " is outside the body's " + bodyLength + " bytes");
        }
        return n;
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

    /** Versions known by their served view, for the resource's callers. */
    static String describe(ServedVersion v) {
        return "v" + v.version() + " " + v.aliases();
    }
}
