package dev.mlcycle.registry;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.record.ModelRecord.Task;
import dev.mlcycle.registry.bundle.BundleFiles;
import dev.mlcycle.registry.state.Registration;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A child process for {@link StaleWriterIT}: a training process that opens the registry and registers
 * one version whose model file holds its own run id, so the test can tell whose bundle a record names.
 *
 * <p>Arguments: bootstrap, registry root, transactional id, model, run id, pause point. It prints one
 * line per step ({@value #OPENED}, {@value #PAUSED} + point, then {@value #REGISTERED} + version +
 * bundle, or {@value #FAILED} + reason + message) and, at the chosen pause point, blocks until it reads
 * a line on stdin (the test resumes it) or is killed (the test SIGKILLs it there):
 *
 * <ul>
 *   <li>{@code opened}: the registry is open and has read the topic, nothing registered yet;
 *   <li>{@code written}: the bundle is in place under the registry root, its record not yet published
 *       (the registry asks its clock for the registration time between the two);
 *   <li>{@code none}: runs straight through.
 * </ul>
 */
public final class RacingWriter {
    static final String OPENED = "OPENED";
    static final String PAUSED = "PAUSED ";
    static final String REGISTERED = "REGISTERED ";
    static final String FAILED = "FAILED ";

    private RacingWriter() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        Path root = Path.of(args[1]);
        String transactionalId = args[2];
        String model = args[3];
        String runId = args[4];
        String pause = args[5];
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PausingClock clock = new PausingClock(in);
        int status;
        try (Registry registry =
                Registry.open(bootstrap, root, Fixtures.options(transactionalId).withClock(clock))) {
            say(OPENED);
            if (pause.equals("opened")) {
                pauseAt("opened", in);
            }
            Registration registration =
                    Registration.of(model, "credit", Task.CLASSIFICATION, runId, "training-service");
            ModelRecord record = registry.register(registration, dir -> {
                Files.writeString(dir.resolve(BundleFiles.MODEL), runId);
                Files.writeString(dir.resolve(BundleFiles.MODEL_CARD), "{\"runId\":\"" + runId + "\"}");
                clock.pauseOnNextCall = pause.equals("written") && !clock.paused;
            });
            int version = record.latestVersion().getAsInt();
            say(REGISTERED + version + " "
                    + record.version(version).orElseThrow().bundle());
            status = 0;
        } catch (MlcycleException e) {
            say(FAILED + e.reason() + " " + e.getMessage().replace('\n', ' '));
            status = 2;
        }
        System.exit(status);
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static void pauseAt(String point, BufferedReader in) {
        say(PAUSED + point);
        try {
            in.readLine(); // the test resumes or kills this process here
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * UTC; after the bundle's files are written, its next reading pauses the process: once, even if
     * the registry writes the bundle again.
     */
    private static final class PausingClock extends Clock {
        private final BufferedReader in;
        volatile boolean pauseOnNextCall;
        volatile boolean paused;

        PausingClock(BufferedReader in) {
            this.in = in;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("a test clock in UTC");
        }

        @Override
        public Instant instant() {
            if (pauseOnNextCall) {
                pauseOnNextCall = false;
                paused = true;
                pauseAt("written", in);
            }
            return Instant.now();
        }
    }
}
