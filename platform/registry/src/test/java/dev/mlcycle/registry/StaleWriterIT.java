package dev.mlcycle.registry;

import static dev.mlcycle.registry.Fixtures.TIMEOUT;
import static dev.mlcycle.registry.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.record.ModelVersion;
import dev.mlcycle.kafka.local.junit.Bootstrap;
import dev.mlcycle.kafka.local.junit.WithLocalKafka;
import dev.mlcycle.registry.bundle.BundleFiles;
import dev.mlcycle.registry.bundle.BundleStore;
import dev.mlcycle.registry.bundle.VerifiedBundle;
import dev.mlcycle.registry.topic.RegistryReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two training processes race to register a version of the same model, with the same {@code
 * transactional.id} (a replaced instance that has not noticed yet) or different ones (a
 * misconfiguration), one of them paused or SIGKILLed at a chosen point ({@link RacingWriter}). Whatever
 * the interleaving, every version the registry ends up with opens (its sha256s verify) and holds the
 * bundle its own run wrote, no registration that succeeded is lost, and a bundle no record names stays
 * where its writer left it.
 */
@WithLocalKafka
class StaleWriterIT {
    private static final String STALE = "stale-run";
    private static final String LIVE = "live-run";
    private static final String RESTART = "restart-run";

    @TempDir
    Path root;

    private final List<Child> children = new ArrayList<>();

    @AfterEach
    void killChildren() throws InterruptedException {
        for (Child c : children) {
            c.kill();
        }
    }

    /** The story: the stale writer wakes up while the live one is between writing and publishing. */
    @ParameterizedTest(name = "same transactional.id: {0}")
    @ValueSource(booleans = {true, false})
    void aStaleWriterCannotTakeTheBundleOfALiveWriterThatHasNotPublishedYet(boolean sameId, @Bootstrap String bootstrap)
            throws Exception {
        String model = unique("race");
        String[] ids = ids(sameId);
        Child stale = start(bootstrap, ids[0], model, STALE, "opened");
        stale.await(RacingWriter.PAUSED + "opened");
        Child live = start(bootstrap, ids[1], model, LIVE, "written");
        live.await(RacingWriter.PAUSED + "written");
        assertThat(root.resolve(model + "/1/" + BundleFiles.MODEL)).hasContent(LIVE);

        stale.resume();
        if (sameId) {
            stale.await(RacingWriter.FAILED + "CONFLICT another training-service took over the registry");
        } else {
            stale.await(RacingWriter.REGISTERED + "1 ");
        }
        assertThat(stale.exit()).isEqualTo(sameId ? 2 : 0);
        live.resume();
        live.await(RacingWriter.REGISTERED + (sameId ? "1 " + model + "/1" : "2 " + model + "/2"));
        assertThat(live.exit()).isZero();

        assertThat(everyVersionOpensWithItsOwnRun(bootstrap, model))
                .isEqualTo(sameId ? Map.of(1, LIVE) : Map.of(1, STALE, 2, LIVE));
    }

    @ParameterizedTest(name = "same transactional.id: {0}")
    @ValueSource(booleans = {true, false})
    void aStaleWriterCannotReplaceABundleThatIsPublished(boolean sameId, @Bootstrap String bootstrap) throws Exception {
        String model = unique("published");
        String[] ids = ids(sameId);
        Child stale = start(bootstrap, ids[0], model, STALE, "opened");
        stale.await(RacingWriter.PAUSED + "opened");
        Child live = start(bootstrap, ids[1], model, LIVE, "none");
        live.await(RacingWriter.REGISTERED + "1 " + model + "/1");
        assertThat(live.exit()).isZero();

        stale.resume();
        if (sameId) {
            stale.await(RacingWriter.FAILED + "CONFLICT another training-service took over the registry");
        } else {
            stale.await(RacingWriter.REGISTERED + "2 " + model + "/2");
        }
        assertThat(stale.exit()).isEqualTo(sameId ? 2 : 0);

        assertThat(everyVersionOpensWithItsOwnRun(bootstrap, model))
                .isEqualTo(sameId ? Map.of(1, LIVE) : Map.of(1, LIVE, 2, STALE));
    }

    @ParameterizedTest(name = "same transactional.id: {0}")
    @ValueSource(booleans = {true, false})
    void aWriterKilledBetweenWritingAndPublishingLeavesItsBundleUntouchedAndUnnamed(
            boolean sameId, @Bootstrap String bootstrap) throws Exception {
        String model = unique("killed");
        String[] ids = ids(sameId);
        Child killed = start(bootstrap, ids[0], model, STALE, "written");
        killed.await(RacingWriter.PAUSED + "written");
        Path orphan = root.resolve(model + "/1");
        assertThat(orphan.resolve(BundleFiles.MODEL)).hasContent(STALE);
        killed.kill();

        Child restart = start(bootstrap, ids[1], model, RESTART, "none");
        restart.await(RacingWriter.REGISTERED + "1 " + model + "/1-");
        assertThat(restart.exit()).isZero();

        assertThat(everyVersionOpensWithItsOwnRun(bootstrap, model)).isEqualTo(Map.of(1, RESTART));
        assertThat(orphan.resolve(BundleFiles.MODEL))
                .as("the killed writer's bundle, which no record names, is left where it was")
                .hasContent(STALE);
    }

    /**
     * Different ids, both between writing and publishing: the one that publishes second notices the
     * other's record and registers under the next number instead of dropping it.
     */
    @ParameterizedTest(name = "same transactional.id: {0}")
    @ValueSource(booleans = {false})
    void writersWithDifferentIdsRacingBetweenWriteAndPublishBothKeepTheirVersions(
            boolean sameId, @Bootstrap String bootstrap) throws Exception {
        String model = unique("both");
        String[] ids = ids(sameId);
        Child first = start(bootstrap, ids[0], model, STALE, "written");
        first.await(RacingWriter.PAUSED + "written");
        Child second = start(bootstrap, ids[1], model, LIVE, "none");
        second.await(RacingWriter.REGISTERED + "1 " + model + "/1-");
        assertThat(second.exit()).isZero();

        first.resume();
        first.await(RacingWriter.REGISTERED + "2 " + model + "/2");
        assertThat(first.exit()).isZero();

        assertThat(everyVersionOpensWithItsOwnRun(bootstrap, model)).isEqualTo(Map.of(1, LIVE, 2, STALE));
        assertThat(root.resolve(model + "/1/" + BundleFiles.MODEL))
                .as("the first attempt's bundle, which no record names, is left where it was")
                .hasContent(STALE);
    }

    private static String[] ids(boolean sameId) {
        String id = unique("tx");
        return sameId ? new String[] {id, id} : new String[] {id, unique("tx")};
    }

    /**
     * Opens every version the topic holds for the model, verifying every sha256, and answers which
     * run's bundle each one holds; fails if a bundle is not the one its record's run wrote.
     */
    private Map<Integer, String> everyVersionOpensWithItsOwnRun(String bootstrap, String model) throws IOException {
        ModelRecord record = new RegistryReader(bootstrap).readAll(TIMEOUT).get(model);
        assertThat(record).as("the registry's record of " + model).isNotNull();
        BundleStore store = new BundleStore(root);
        Map<Integer, String> runs = new TreeMap<>();
        for (ModelVersion v : record.versions()) {
            VerifiedBundle bundle = store.open(v);
            assertThat(bundle.file(BundleFiles.MODEL))
                    .as("version " + v.version() + " (" + v.bundle() + ") holds what its own run wrote")
                    .hasContent(v.runId());
            runs.put(v.version(), v.runId());
        }
        return runs;
    }

    private Child start(String bootstrap, String transactionalId, String model, String runId, String pause)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(
                        java,
                        "-Xmx128m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        RacingWriter.class.getName(),
                        bootstrap,
                        root.toString(),
                        transactionalId,
                        model,
                        runId,
                        pause)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Child child = new Child(runId, process);
        children.add(child);
        return child;
    }

    /** A running {@link RacingWriter}: its stdout lines as they come, its stdin to resume it. */
    private static final class Child {
        private final String name;
        private final Process process;
        /** What stands in the line queue once stdout is closed. */
        private static final String END = new String("(end of output)");

        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();

        Child(String name, Process process) {
            this.name = name;
            this.process = process;
            Thread reader = new Thread(
                    () -> {
                        try (BufferedReader out = new BufferedReader(
                                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                            for (String line = out.readLine(); line != null; line = out.readLine()) {
                                lines.add(line);
                            }
                        } catch (IOException e) {
                            lines.add("(stdout failed: " + e + ")");
                        }
                        lines.add(END);
                    },
                    "child-" + name);
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits (at most the test timeout) for a line starting with {@code prefix}; fails otherwise. */
        String await(String prefix) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos() * 2;
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
                if (line == null || line == END) {
                    if (line == END) {
                        lines.add(END);
                        process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    }
                    throw new AssertionError(name + ": no line starting with \"" + prefix + "\" within "
                            + TIMEOUT.multipliedBy(2) + "; it printed " + seen
                            + (process.isAlive() ? "" : " and exited with " + process.exitValue()));
                }
                seen.add(line);
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        }

        void resume() throws IOException {
            Writer in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            in.write("go\n");
            in.flush();
        }

        int exit() throws InterruptedException {
            assertThat(process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .as(name + " exits")
                    .isTrue();
            return process.exitValue();
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .as(name + " is gone")
                    .isTrue();
        }
    }
}
