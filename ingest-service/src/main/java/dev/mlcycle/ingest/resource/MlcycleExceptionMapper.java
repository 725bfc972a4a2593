package dev.mlcycle.ingest.resource;

import dev.mlcycle.contracts.MlcycleException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/** Maps {@link MlcycleException} to its reason's HTTP status with a JSON body naming the reason and the problem. */
@Provider
public class MlcycleExceptionMapper implements ExceptionMapper<MlcycleException> {
    @Override
    public Response toResponse(MlcycleException e) {
        return Response.status(e.reason().httpStatus())
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("reason", e.reason().name(), "message", e.getMessage()))
                .build();
    }
}
