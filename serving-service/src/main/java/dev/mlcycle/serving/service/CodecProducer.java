package dev.mlcycle.serving.service;

import dev.mlcycle.serving.config.ServingConfig;
import dev.mlcycle.serving.oip.OipCodec;
import dev.mlcycle.serving.oip.OipLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The one {@link OipCodec} of the service, limited by {@code serving.http.max-body-size}. */
@ApplicationScoped
public class CodecProducer {
    @Produces
    @ApplicationScoped
    OipCodec codec(ServingConfig config) {
        OipLimits d = OipLimits.DEFAULTS;
        long body = config.http().maxBodySize().asLongValue();
        return new OipCodec(new OipLimits(
                (int) Math.min(Integer.MAX_VALUE, body), d.maxJsonDepth(), d.maxRowsPerRequest(), d.maxStringLength()));
    }
}
