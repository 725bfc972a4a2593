package dev.mlcycle.http;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
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
import java.util.Optional;

/**
 * The bearer tokens of every service's admin calls: a configured value, else a file under the data directory (for
 * example {@code <data>/admin-token}) created with a random token, readable by its owner only, the first time any
 * service or the CLI needs it, so that a local user never types a token and every service shares one. Tokens are
 * compared in constant time.
 */
public final class TokenFile {
    private TokenFile() {}

    /**
     * The token: {@code configured} when set and not blank, else the contents of {@code file}, created if missing.
     *
     * @param key the configuration key of the file, named when the file is empty
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} for an empty file
     */
    public static String load(Optional<String> configured, Path file, String key) {
        if (configured.isPresent() && !configured.get().isBlank()) {
            return configured.get().trim();
        }
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            String t = Files.readString(file).trim();
            if (t.isEmpty()) {
                throw new MlcycleException(Reason.INVALID_ARGUMENT, key + " " + file + " is empty");
            }
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException("reading or creating the token file " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
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

    /**
     * The token of an {@code Authorization: Bearer <token>} header.
     *
     * @param what the token the call needs, e.g. {@code the admin token}
     * @param where where that token is found, for the error
     * @throws MlcycleException {@link Reason#UNAUTHORIZED} when the header is missing or not a bearer token
     */
    public static byte[] bearer(String authorization, String what, String where) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new MlcycleException(
                    Reason.UNAUTHORIZED,
                    "this call needs " + what + ": send \"Authorization: Bearer <token>\" (the token is in " + where
                            + ")");
        }
        return authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    }

    /** Whether two tokens are equal, in constant time. */
    public static boolean matches(byte[] given, byte[] token) {
        return MessageDigest.isEqual(given, token);
    }
}
