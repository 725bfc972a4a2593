package dev.mlcycle.serving.service;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.http.TokenFile;
import dev.mlcycle.serving.config.ServingConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;

/**
 * The admin bearer token of serving-service (batch jobs): {@code serving.auth.token} when set, else the
 * contents of {@code <data-dir>/admin-token}, the same file training-service uses, created with a random token
 * (owner-readable only) if missing. Compared in constant time. Loaded through platform/http's {@link TokenFile}, as
 * training-service's admin token is.
 */
@ApplicationScoped
public class AdminAuth {
    /** The admin token's file name under the data directory. */
    public static final String ADMIN_TOKEN_FILE = "admin-token";

    @Inject
    ServingConfig config;

    private byte[] token;

    void onStart(@Observes @Priority(50) StartupEvent event) {
        token = load().getBytes(StandardCharsets.UTF_8);
    }

    private String load() {
        return TokenFile.load(
                config.auth().token(),
                config.auth().tokenFile().orElse(config.dataDir().resolve(ADMIN_TOKEN_FILE)),
                "serving.auth.token-file");
    }

    /**
     * Checks an {@code Authorization} header for an admin call.
     *
     * @throws MlcycleException {@link Reason#UNAUTHORIZED} when the header is missing or the token is not the admin
     *     token
     */
    public void require(String authorization) {
        byte[] given = TokenFile.bearer(
                authorization, "the admin token", "serving.auth.token or the file <data-dir>/admin-token");
        if (!TokenFile.matches(given, token)) {
            throw new MlcycleException(Reason.UNAUTHORIZED, "the bearer token is not the admin token");
        }
    }
}
