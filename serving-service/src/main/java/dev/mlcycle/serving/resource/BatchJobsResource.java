package dev.mlcycle.serving.resource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.serving.score.BatchJobRequest;
import dev.mlcycle.serving.service.AdminAuth;
import dev.mlcycle.serving.service.BatchScoring;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Batch scoring jobs over the lake, behind the admin token: {@code POST /v2/batch/jobs} with {@code {"model": ...,
 * "version"?: n, "snapshot_id"?: id, "from"?: t, "to"?: t, "job_id"?: id}} answers 202 with the job; {@code GET
 * /v2/batch/jobs/{id}} and {@code GET /v2/batch/jobs} show progress. Maps JSON to the request; {@link BatchScoring}
 * decides.
 */
@Path("/v2/batch/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class BatchJobsResource {
    @Inject
    BatchScoring scoring;

    @Inject
    AdminAuth auth;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        auth.require(authorization);
        JsonNode json = parse(body);
        BatchJobRequest request = new BatchJobRequest(
                text(json, "model"),
                json.hasNonNull("version") ? integer(json, "version") : null,
                json.hasNonNull("snapshot_id") ? json.get("snapshot_id").asLong() : null,
                time(json, "from"),
                time(json, "to"),
                json.hasNonNull("job_id") ? text(json, "job_id") : null);
        return Response.accepted(Json.mapper().valueToTree(scoring.submit(request)))
                .build();
    }

    @GET
    @Path("/{id}")
    public JsonNode get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id) {
        auth.require(authorization);
        return Json.mapper().valueToTree(scoring.get(id));
    }

    @GET
    public JsonNode list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        auth.require(authorization);
        return Json.mapper().valueToTree(scoring.list());
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode json = Json.mapper().readTree(body == null ? new byte[0] : body);
            if (json == null || !json.isObject()) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT, "expected a JSON object like {\"model\": \"credit-risk\"}");
            }
            return json;
        } catch (java.io.IOException e) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "the body is not JSON: " + e.getMessage());
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode v = json.get(field);
        if (v == null || !v.isTextual()) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "field \"" + field + "\": expected a string, got " + (v == null ? "none" : v));
        }
        return v.asText();
    }

    private static int integer(JsonNode json, String field) {
        JsonNode v = json.get(field);
        if (!v.canConvertToInt()) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "field \"" + field + "\": expected an integer, got " + v);
        }
        return v.asInt();
    }

    private static Instant time(JsonNode json, String field) {
        if (!json.hasNonNull(field)) {
            return null;
        }
        String t = text(json, field);
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "field \"" + field + "\": expected an ISO-8601 instant like 2026-01-01T00:00:00Z, got \"" + t
                            + "\"");
        }
    }
}
