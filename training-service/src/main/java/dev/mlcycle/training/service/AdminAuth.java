package dev.mlcycle.training.service;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.training.config.TrainingConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The bearer token admin calls must present: {@code training.auth.token} when set, else the contents of {@code
 * training.auth.token-file} (default {@code <data-dir>/admin-token}), which is created with a random token, readable
 * by its owner only, when it does not exist. {@code mlcycle} reads the same file, so a local user never types it.
 * Tokens are compared in constant time.
 */
@ApplicationScoped
public class AdminAuth {
    /** The header naming the person behind a call, for the audit trail; the token proves only the right to call. */
    public static final String ACTOR_HEADER = "X-Mlcycle-Actor";

    @Inject
    TrainingConfig config;

    private byte[] token;

    void onStart(@Observes @Priority(50) StartupEvent event) {
        token = load(config).getBytes(StandardCharsets.UTF_8);
    }

    static String load(TrainingConfig config) {
        if (config.auth().token().isPresent() && !config.auth().token().get().isBlank()) {
            return config.auth().token().get().trim();
        }
        Path file = config.auth().tokenFile().orElse(config.dataDir().resolve("admin-token"));
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                Files.createDirectories(file.toAbsolutePath().getParent());
                Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".admin-token", ".tmp");
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the directory's permissions apply
                }
                Files.writeString(tmp, fresh + "\n");
                try {
                    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException raced) {
                    Files.deleteIfExists(tmp);
                }
            }
            String t = Files.readString(file).trim();
            if (t.isEmpty()) {
                throw new MlcycleException(Reason.INVALID_ARGUMENT, "training.auth.token-file " + file + " is empty");
            }
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException("reading or creating the admin token file " + file, e);
        }
    }

    /**
     * Checks an {@code Authorization} header.
     *
     * @param authorization the header, {@code Bearer <token>}
     * @param actor the {@value #ACTOR_HEADER} header, or null
     * @return who acts: the actor header if given, else {@code admin}
     * @throws MlcycleException {@link Reason#UNAUTHORIZED} when the header is missing or the token is wrong
     */
    public String require(String authorization, String actor) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new MlcycleException(
                    Reason.UNAUTHORIZED,
                    "this call needs the admin token: send \"Authorization: Bearer <token>\" (the token is in "
                            + "training.auth.token or the file <data-dir>/admin-token)");
        }
        byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token)) {
            throw new MlcycleException(Reason.UNAUTHORIZED, "the bearer token is not the admin token");
        }
        if (actor == null || actor.isBlank()) {
            return "admin";
        }
        String trimmed = actor.trim();
        return trimmed.length() > 64 ? trimmed.substring(0, 64) : trimmed;
    }
}
