package dev.mlcycle.serving.resource;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.serving.config.ServingConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;

/**
 * The serving benchmark's floor ({@code bench/serving.sh}): {@code POST /bench/constant} reads the request body and
 * answers a constant body the size of a one-row inference response, on the same Quarkus HTTP stack, so that the
 * benchmark can say how much of the service's time is the model's. Off unless {@code
 * serving.bench.constant-endpoint=true}; 404 otherwise.
 */
@Path("/bench/constant")
public class ConstantResource {
    /** A one-row classification response, as {@code /v2/models/credit-default/infer} answers it. */
    static final byte[] BODY = ("{\"model_name\":\"credit-default\",\"model_version\":\"1\",\"id\":\"bench\","
                    + "\"parameters\":{\"variant\":\"champion\",\"model_version\":1},\"outputs\":["
                    + "{\"name\":\"label\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"no\"]},"
                    + "{\"name\":\"probabilities\",\"datatype\":\"FP64\",\"shape\":[1,2],"
                    + "\"data\":[0.8731246418530142,0.12687535814698578]}]}")
            .getBytes(StandardCharsets.UTF_8);

    @Inject
    ServingConfig config;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public byte[] constant(byte[] body) {
        if (!config.bench().constantEndpoint()) {
            throw new MlcycleException(
                    Reason.NOT_FOUND, "/bench/constant is off; serving.bench.constant-endpoint=true turns it on");
        }
        return BODY;
    }
}
