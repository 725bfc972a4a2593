package dev.mlcycle.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Where the child processes of an e2e test write their output, and the tails of those logs attached to
 * any failure, so that a red CI run says what the services were doing. Logs live under
 * {@code target/e2e-logs/<test class>/} and are kept after the run.
 */
final class ChildLogs {
    static final Path ROOT = Path.of(System.getProperty("mlcycle.e2e.logs", "target/e2e-logs"))
            .toAbsolutePath()
            .normalize();
    private static final int TAIL_LINES = 40;
    private static final List<Path> REGISTERED = new CopyOnWriteArrayList<>();
    private static final long T0 = System.nanoTime();

    private ChildLogs() {}

    /** A fresh directory for the logs of {@code owner}'s child processes. */
    static Path dirFor(Class<?> owner) {
        Path dir = ROOT.resolve(owner.getSimpleName());
        try {
            if (Files.isDirectory(dir)) {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Remembers {@code log} so that its tail is shown if the test fails. */
    static Path register(Path log) {
        REGISTERED.add(log);
        return log;
    }

    /** Progress of a long test on standard output, with the seconds since the test JVM started. */
    static void step(String format, Object... args) {
        double s = (System.nanoTime() - T0) / 1e9;
        System.out.printf(Locale.ROOT, "[e2e %7.1fs] %s%n", s, String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    /** The last {@code lines} lines of {@code log}. */
    static String tail(Path log, int lines) {
        if (!Files.exists(log)) {
            return "(no file)";
        }
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** The tails of every registered log, newest last. */
    static String tails() {
        StringBuilder sb = new StringBuilder();
        for (Path log : new ArrayList<>(REGISTERED)) {
            sb.append("\n----- last ")
                    .append(TAIL_LINES)
                    .append(" lines of ")
                    .append(log)
                    .append(" -----\n")
                    .append(tail(log, TAIL_LINES))
                    .append('\n');
        }
        return sb.toString();
    }

    /** How long ago the test JVM started, for messages. */
    static Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - T0);
    }

    /**
     * On any failure, in a test or in a {@code @BeforeAll}/{@code @AfterAll}, prints the tails of the
     * registered logs and attaches them to the failure as a suppressed exception.
     */
    static final class OnFailure implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
            throw withTails(throwable);
        }

        @Override
        public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
                throws Throwable {
            throw withTails(throwable);
        }

        @Override
        public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
                throws Throwable {
            throw withTails(throwable);
        }

        @Override
        public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable)
                throws Throwable {
            throw withTails(throwable);
        }

        private static Throwable withTails(Throwable t) {
            String tails = tails();
            System.err.println(tails);
            t.addSuppressed(new ChildProcessLogs(tails));
            return t;
        }
    }

    /** Carries the log tails in a failure report. */
    static final class ChildProcessLogs extends RuntimeException {
        ChildProcessLogs(String tails) {
            super("child process logs:" + tails, null, false, false);
        }
    }
}
