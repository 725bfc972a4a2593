package dev.mlcycle.training.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.contracts.record.TrainingRun;
import dev.mlcycle.training.service.AdminAuth;
import dev.mlcycle.training.service.RunProgress;
import dev.mlcycle.training.service.TrainingService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Training runs over HTTP: start one ({@code POST /training/runs}, admin token), list them, follow one (with its
 * progress while it runs) and read its data report. Bodies and answers are snake_case JSON; runs are the {@code
 * TrainingRun} records of {@code mlcycle.training.runs}.
 */
@Path("/training/runs")
@Produces(MediaType.APPLICATION_JSON)
public class TrainingResource {
    @Inject
    TrainingService training;

    @Inject
    AdminAuth auth;

    /**
     * Starts a run by hand. Body: {@code {"model": "credit-default"}}, optionally {@code "algorithm"}, {@code
     * "params": {"name": "value"}}, {@code "seed"}, {@code "snapshot_id"} (the events snapshot to read; the current one by default), {@code
     * "labels_snapshot_id"} (the labels snapshot to join; the current one by default) and {@code "reason"}. Answers 202 with the queued run, 409 while a run of the model is in flight.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(
            String body,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(AdminAuth.ACTOR_HEADER) String actorHeader) {
        String actor = auth.require(authorization, actorHeader);
        JsonNode json = parse(body);
        TrainingService.ManualRequest request = new TrainingService.ManualRequest(
                requiredText(json, "model"),
                optionalText(json, "algorithm"),
                params(json.get("params")),
                optionalLong(json, "seed"),
                optionalLong(json, "snapshot_id"),
                optionalLong(json, "labels_snapshot_id"),
                optionalText(json, "reason"));
        TrainingRun run = training.requestManual(request, actor);
        return Response.accepted(view(run)).build();
    }

    /** Runs, newest first: {@code ?model=} to filter, {@code ?limit=} (default 50, at most 1000). */
    @GET
    public Map<String, Object> list(
            @QueryParam("model") String model, @QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "limit: expected 1 to 1000, got " + limit);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("runs", training.runs(model, limit).stream().map(this::view).toList());
        return out;
    }

    /** One run, with {@code progress} while it is in flight. */
    @GET
    @Path("{id}")
    public JsonNode get(@PathParam("id") String id) {
        return view(training.run(id));
    }

    /** The data report of a run: every check its data went through. */
    @GET
    @Path("{id}/report")
    public Response report(@PathParam("id") String id) {
        training.run(id);
        java.nio.file.Path file = training.dataReport(id)
                .orElseThrow(() -> new MlcycleException(
                        Reason.NOT_FOUND,
                        "run " + id + " has no data report (it did not get as far as checking data)"));
        try {
            return Response.ok(Files.readAllBytes(file), MediaType.APPLICATION_JSON)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode view(TrainingRun run) {
        ObjectNode node = Json.mapper().valueToTree(run);
        training.progress(run.runId()).ifPresent(p -> node.set("progress", progress(p)));
        return node;
    }

    private static ObjectNode progress(RunProgress p) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("phase", p.phase().name().toLowerCase(java.util.Locale.ROOT));
        n.put("done", p.done());
        n.put("total", p.total());
        n.put("detail", p.detail());
        return n;
    }

    static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "request body: expected a JSON object, got nothing");
        }
        try {
            JsonNode node = Json.mapper().readTree(body);
            if (node == null || !node.isObject()) {
                throw new MlcycleException(Reason.INVALID_ARGUMENT, "request body: expected a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "request body is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    static String requiredText(JsonNode json, String field) {
        String v = optionalText(json, field);
        if (v == null || v.isBlank()) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "field \"" + field + "\": required");
        }
        return v;
    }

    static String optionalText(JsonNode json, String field) {
        JsonNode v = json.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "field \"" + field + "\": expected a string, got " + v.getNodeType());
        }
        return v.asText();
    }

    static Long optionalLong(JsonNode json, String field) {
        JsonNode v = json.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.canConvertToExactIntegral() || !v.canConvertToLong()) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "field \"" + field + "\": expected a whole number, got " + v);
        }
        return v.asLong();
    }

    private static Map<String, String> params(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "field \"params\": expected an object of name to value");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT,
                        "field \"params." + e.getKey() + "\": expected a number or string, got " + e.getValue());
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }
}
