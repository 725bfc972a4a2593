package dev.mlcycle.training.resource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.training.service.AdminAuth;
import dev.mlcycle.training.service.TrainingService;
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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The registry over HTTP: models and their versions and aliases (the {@code ModelRecord}s of {@code
 * mlcycle.registry}), and the two admin changes, promote and roll back, each audited in the record with the
 * caller ({@value AdminAuth#ACTOR_HEADER}) and reason.
 */
@Path("/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {
    @Inject
    TrainingService training;

    @Inject
    AdminAuth auth;

    /** Every registered model. */
    @GET
    public Map<String, Object> list() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("models", training.models().stream().map(m -> (Object) view(m)).toList());
        return out;
    }

    /** One model's record. */
    @GET
    @Path("{name}")
    public JsonNode get(@PathParam("name") String name) {
        return view(training.model(name));
    }

    /**
     * Points an alias at a version. Body: {@code {"version": 3}}, optionally {@code "alias"} ({@code champion}
     * by default, or {@code challenger}) and {@code "reason"}.
     */
    @POST
    @Path("{name}/promote")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonNode promote(
            @PathParam("name") String name,
            String body,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(AdminAuth.ACTOR_HEADER) String actorHeader) {
        String actor = auth.require(authorization, actorHeader);
        JsonNode json = TrainingResource.parse(body);
        Long version = TrainingResource.optionalLong(json, "version");
        if (version == null || version < 1 || version > Integer.MAX_VALUE) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "field \"version\": expected a version number >= 1, got " + version);
        }
        String alias = TrainingResource.optionalText(json, "alias");
        return view(training.promote(
                name,
                version.intValue(),
                alias == null ? ModelRecord.CHAMPION : alias,
                actor,
                TrainingResource.optionalText(json, "reason")));
    }

    /** Points the champion back at the version it pointed at before. Body optional: {@code {"reason": "..."}}. */
    @POST
    @Path("{name}/rollback")
    public JsonNode rollback(
            @PathParam("name") String name,
            String body,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(AdminAuth.ACTOR_HEADER) String actorHeader) {
        String actor = auth.require(authorization, actorHeader);
        String reason = body == null || body.isBlank()
                ? null
                : TrainingResource.optionalText(TrainingResource.parse(body), "reason");
        return view(training.rollback(name, actor, reason));
    }

    private static JsonNode view(ModelRecord record) {
        return Json.mapper().valueToTree(record);
    }
}
