package dev.mlcycle.serving.service;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.serving.config.ServingConfig;
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
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The admin bearer token of serving-service (batch jobs): {@code serving.auth.admin-token} when set, else the
 * contents of {@code <data-dir>/admin-token}, the same file training-service uses, created with a random token
 * (owner-readable only) if missing. Compared in constant time. A copy of training's {@code AdminAuth} approach (admin
 * token only), until the two share one.
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
        if (config.auth().adminToken().isPresent()
                && !config.auth().adminToken().get().isBlank()) {
            return config.auth().adminToken().get().trim();
        }
        Path file = config.dataDir().resolve(ADMIN_TOKEN_FILE);
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                Path dir = file.toAbsolutePath().getParent();
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, "." + ADMIN_TOKEN_FILE, ".tmp");
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the directory's permissions apply
                }
                Files.writeString(tmp, fresh + "\n");
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException raced) {
                    Files.deleteIfExists(tmp);
                }
            }
            String t = Files.readString(file).trim();
            if (t.isEmpty()) {
                throw new MlcycleException(Reason.INVALID_ARGUMENT, "the admin token file " + file + " is empty");
            }
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException("reading or creating the token file " + file, e);
        }
    }

    /**
     * Checks an {@code Authorization} header for an admin call.
     *
     * @throws MlcycleException {@link Reason#UNAUTHORIZED} when the header is missing or the token is not the admin
     *     token
     */
    public void require(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new MlcycleException(
                    Reason.UNAUTHORIZED,
                    "this call needs the admin token: send \"Authorization: Bearer <token>\" (the token is in"
                            + " serving.auth.admin-token or the file <data-dir>/admin-token)");
        }
        byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token)) {
            throw new MlcycleException(Reason.UNAUTHORIZED, "the bearer token is not the admin token");
        }
    }
}
