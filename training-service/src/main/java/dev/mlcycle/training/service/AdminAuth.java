package dev.mlcycle.training.service;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.http.TokenFile;
import dev.mlcycle.training.config.TrainingConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The two bearer tokens of training-service and what each may do:
 *
 * <ul>
 *   <li>the <b>admin token</b> ({@link #require}): start runs, promote, roll back, and everything the alert token
 *       may do. {@code training.auth.token} when set, else the contents of {@code training.auth.token-file} (default
 *       {@code <data-dir>/admin-token});
 *   <li>the <b>alert token</b> ({@link #requireAlert}): raise alerts through the Alertmanager webhook and nothing
 *       else; every admin call refuses it with {@link Reason#FORBIDDEN}. {@code training.auth.alert-token} when set,
 *       else the contents of {@code training.auth.alert-token-file} (default {@code <data-dir>/alert-token}), so
 *       Alertmanager's configuration never holds the key that promotes models.
 * </ul>
 *
 * A token file that does not exist is created with a random token, readable by its owner only. {@code mlcycle}
 * reads the same files, so a local user never types them. Tokens are compared in constant time.
 */
@ApplicationScoped
public class AdminAuth {
    /** The header naming the person behind a call, for the audit trail; the token proves only the right to call. */
    public static final String ACTOR_HEADER = "X-Mlcycle-Actor";

    /** The admin token's file name under the data directory. */
    public static final String ADMIN_TOKEN_FILE = "admin-token";

    /** The alert token's file name under the data directory. */
    public static final String ALERT_TOKEN_FILE = "alert-token";

    @Inject
    TrainingConfig config;

    private byte[] token;
    private byte[] alertToken;

    void onStart(@Observes @Priority(50) StartupEvent event) {
        token = load(config.auth().token(), config.auth().tokenFile(), ADMIN_TOKEN_FILE, "training.auth.token-file")
                .getBytes(StandardCharsets.UTF_8);
        alertToken = load(
                        config.auth().alertToken(),
                        config.auth().alertTokenFile(),
                        ALERT_TOKEN_FILE,
                        "training.auth.alert-token-file")
                .getBytes(StandardCharsets.UTF_8);
        if (MessageDigest.isEqual(token, alertToken)) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "training.auth.alert-token: expected a token different from the admin token (training.auth.token),"
                            + " or the alert token would promote models");
        }
    }

    private String load(Optional<String> configured, Optional<Path> configuredFile, String fileName, String key) {
        return TokenFile.load(configured, configuredFile.orElse(config.dataDir().resolve(fileName)), key);
    }

    /**
     * Checks an {@code Authorization} header for an admin call.
     *
     * @param authorization the header, {@code Bearer <token>}
     * @param actor the {@value #ACTOR_HEADER} header, or null
     * @return who acts: the actor header if given, else {@code admin}
     * @throws MlcycleException {@link Reason#UNAUTHORIZED} when the header is missing or the token is unknown, {@link
     *     Reason#FORBIDDEN} for the alert token
     */
    public String require(String authorization, String actor) {
        byte[] given =
                bearer(authorization, "the admin token", "training.auth.token or the file <data-dir>/admin-token");
        if (MessageDigest.isEqual(given, token)) {
            return actor(actor, "admin");
        }
        if (MessageDigest.isEqual(given, alertToken)) {
            throw new MlcycleException(
                    Reason.FORBIDDEN,
                    "the alert token may only raise alerts (POST /alertmanager); this call needs the admin token");
        }
        throw new MlcycleException(Reason.UNAUTHORIZED, "the bearer token is not the admin token");
    }

    /**
     * Checks an {@code Authorization} header for raising alerts: the alert token or the admin token.
     *
     * @return who acts: the actor header if given, else {@code alertmanager} (alert token) or {@code admin}
     * @throws MlcycleException {@link Reason#UNAUTHORIZED} when the header is missing or the token is neither
     */
    public String requireAlert(String authorization, String actor) {
        byte[] given = bearer(
                authorization, "the alert token", "training.auth.alert-token or the file <data-dir>/alert-token");
        if (MessageDigest.isEqual(given, alertToken)) {
            return actor(actor, "alertmanager");
        }
        if (MessageDigest.isEqual(given, token)) {
            return actor(actor, "admin");
        }
        throw new MlcycleException(
                Reason.UNAUTHORIZED, "the bearer token is neither the alert token nor the admin token");
    }

    private static byte[] bearer(String authorization, String which, String where) {
        return TokenFile.bearer(authorization, which, where);
    }

    private static String actor(String actor, String otherwise) {
        if (actor == null || actor.isBlank()) {
            return otherwise;
        }
        String trimmed = actor.trim();
        return trimmed.length() > 64 ? trimmed.substring(0, 64) : trimmed;
    }
}
