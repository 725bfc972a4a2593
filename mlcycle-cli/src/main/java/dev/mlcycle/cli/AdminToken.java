package dev.mlcycle.cli;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The bearer token for training-service's admin calls (start a run, promote, roll back), and where it
 * came from, so that a refused token can be traced: {@code --token}, else {@code $MLCYCLE_TOKEN}, else
 * the file {@code <data-dir>/admin-token} that training-service writes when it first starts.
 *
 * @param value the token, without surrounding blanks
 * @param source where it came from, for messages: {@code --token}, {@code MLCYCLE_TOKEN} or the file
 */
record AdminToken(String value, String source) {
    /** The environment variable that carries the token. */
    static final String ENV = "MLCYCLE_TOKEN";
    /** The token file's name inside the data directory. */
    static final String FILE = "admin-token";

    /** Never shows the token itself, should the record end up in a message or a log. */
    @Override
    public String toString() {
        return "AdminToken[from " + source + "]";
    }

    /**
     * Resolves the token.
     *
     * @param flag the {@code --token} value, or null
     * @param env the value of {@value #ENV}, or null
     * @param dataDir the data directory, as {@link CommonOptions#dataDirPath(Path)} resolves it
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} for an empty flag, variable or file;
     *     {@link Reason#NOT_FOUND} when no token is given and the file does not exist or cannot be read
     */
    static AdminToken resolve(String flag, String env, Path dataDir) {
        if (flag != null) {
            if (flag.isBlank()) {
                throw new MlcycleException(Reason.INVALID_ARGUMENT, "--token: expected the admin token, got nothing");
            }
            return new AdminToken(flag.strip(), "--token");
        }
        if (env != null) {
            if (env.isBlank()) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT,
                        ENV + " is set but empty: expected the admin token, or unset it to use the file "
                                + dataDir.resolve(FILE));
            }
            return new AdminToken(env.strip(), ENV);
        }
        Path file = dataDir.resolve(FILE);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new MlcycleException(
                    Reason.NOT_FOUND,
                    "no admin token: " + file + " does not exist; training-service writes it when it first starts"
                            + " (mlcycle up) with this data directory (--data-dir or MLCYCLE_DATA_DIR), or pass"
                            + " --token or set " + ENV,
                    e);
        } catch (IOException e) {
            throw new MlcycleException(
                    Reason.NOT_FOUND,
                    "cannot read the admin token from " + file + " (" + e + "); pass --token or set " + ENV,
                    e);
        }
        if (text.isBlank()) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "the admin token file " + file + " is empty: expected the token training-service wrote there");
        }
        return new AdminToken(text.strip(), file.toString());
    }
}
