package dev.mlcycle.serving.resource;

import dev.mlcycle.contracts.MlcycleException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/**
 * Maps every {@link MlcycleException} to its HTTP status with {@code {"error": ..., "reason": ...}}. Stand-in until
 * platform/http's one mapper is wired in (the lead dedups).
 */
@Provider
public class MlcycleExceptionMapper implements ExceptionMapper<MlcycleException> {
    @Override
    public Response toResponse(MlcycleException e) {
        return Response.status(e.reason().httpStatus())
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", e.getMessage(), "reason", e.reason().name()))
                .build();
    }
}
