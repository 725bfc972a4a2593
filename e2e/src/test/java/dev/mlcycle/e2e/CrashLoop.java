package dev.mlcycle.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Crashes a service at random instants with SIGKILL and restarts it each time, as a machine losing
 * power or the OOM killer would. Each crash picks an aim at random, by weight: an aim is a moment in
 * the life of an incarnation (just started; ready; reading; has committed; ...) given as a condition,
 * and the crash strikes a random time after the condition first holds. The default aim is "ready".
 * The choices come from a seeded {@link Random}, so a failing run replays the same aims and delays
 * (where they fall still depends on the machine's speed).
 *
 * <pre>{@code
 * new CrashLoop(service, new Random(seed))
 *         .aim("start-up", 2, s -> true, Duration.ZERO, Duration.ofMillis(2_500))
 *         .aim("committed", 5, s -> hasCommitted(), Duration.ZERO, Duration.ofSeconds(4))
 *         .run(10);
 * }</pre>
 */
final class CrashLoop {
    /**
     * One crash.
     *
     * @param number 1-based
     * @param aim the name of the aim it was given
     * @param pid the process killed
     * @param upFor how long after its start it was killed
     * @param wasReady whether the service said it was ready when killed
     * @param note what {@link #beforeKill} said just before the kill
     */
    record Crash(int number, String aim, long pid, Duration upFor, boolean wasReady, String note) {}

    private record Aim(String name, double weight, Predicate<ServiceProcess> when, Duration min, Duration max) {}

    private final ServiceProcess service;
    private final Random random;
    private final List<Aim> aims = new ArrayList<>();
    private Duration aimTimeout = Duration.ofSeconds(90);
    private Function<ServiceProcess, String> beforeKill = s -> "";
    private Function<ServiceProcess, String> describe = s -> s.isReady() ? "ready" : "not ready";

    CrashLoop(ServiceProcess service, Random random) {
        this.service = service;
        this.random = random;
    }

    /**
     * Adds an aim: with probability proportional to {@code weight}, a crash waits until {@code when}
     * holds for the current incarnation, then strikes a uniform time in {@code [min, max)} later.
     */
    CrashLoop aim(String name, double weight, Predicate<ServiceProcess> when, Duration min, Duration max) {
        aims.add(new Aim(name, weight, when, min, max));
        return this;
    }

    /** How long after its start an incarnation may take to reach an aim's condition (default 90 s). */
    CrashLoop aimTimeout(Duration timeout) {
        this.aimTimeout = timeout;
        return this;
    }

    /** What the service says about itself, for the message when it does not reach an aim in time. */
    CrashLoop describedBy(Function<ServiceProcess, String> describe) {
        this.describe = describe;
        return this;
    }

    /** Runs just before each kill; what it returns is kept in the {@link Crash} and logged. */
    CrashLoop beforeKill(Function<ServiceProcess, String> action) {
        this.beforeKill = action;
        return this;
    }

    /**
     * Kills the running service {@code kills} times, restarting it after each kill; returns with the
     * service started again (not necessarily ready yet).
     */
    List<Crash> run(int kills) throws InterruptedException {
        List<Aim> choices = aims.isEmpty()
                ? List.of(new Aim("ready", 1, ServiceProcess::isReady, Duration.ZERO, Duration.ofSeconds(3)))
                : aims;
        List<Crash> crashes = new ArrayList<>();
        for (int i = 1; i <= kills; i++) {
            Aim aim = pick(choices);
            Duration delay = aim.min().plusMillis((long)
                    (random.nextDouble() * (aim.max().toMillis() - aim.min().toMillis())));
            try {
                await(service.name() + " (pid " + service.pid() + ") to reach \"" + aim.name() + "\" for crash " + i)
                        .atMost(max(aimTimeout.minus(service.upTime()), Duration.ofSeconds(1)))
                        .pollDelay(Duration.ZERO)
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> {
                            if (!service.isAlive()) {
                                throw new AssertionError(service.name() + " (pid " + service.pid()
                                        + ") ended by itself with status "
                                        + service.exitStatus().orElse(-1) + ":\n"
                                        + ChildLogs.tail(service.log(), 60));
                            }
                            return aim.when().test(service);
                        });
            } catch (ConditionTimeoutException e) {
                throw new AssertionError(
                        String.format(
                                Locale.ROOT,
                                "%s (pid %d) did not reach \"%s\" within %d s of its start (crash %d of %d); it says: %s;"
                                        + " log %s:%n%s",
                                service.name(),
                                service.pid(),
                                aim.name(),
                                aimTimeout.toSeconds(),
                                i,
                                kills,
                                describe.apply(service),
                                service.log(),
                                ChildLogs.tail(service.log(), 30)),
                        e);
            }
            long reachedAt = service.upTime().toMillis();
            if (!delay.isZero()) {
                Thread.sleep(delay.toMillis()); // chaos timing: waiting for an instant to strike, not for a result
            }
            String note = beforeKill.apply(service);
            boolean wasReady = service.isReady();
            Duration upFor = service.upTime();
            long pid = service.pid();
            service.kill9();
            crashes.add(new Crash(i, aim.name(), pid, upFor, wasReady, note));
            ChildLogs.step(
                    "SIGKILL %d/%d: %s pid %d at %d ms (\"%s\" reached at %d ms, + %d ms), %s; %s",
                    i,
                    kills,
                    service.name(),
                    pid,
                    upFor.toMillis(),
                    aim.name(),
                    reachedAt,
                    delay.toMillis(),
                    wasReady ? "ready" : "not ready",
                    note);
            service.start();
        }
        return crashes;
    }

    private Aim pick(List<Aim> choices) {
        double total = choices.stream().mapToDouble(Aim::weight).sum();
        double x = random.nextDouble() * total;
        for (Aim a : choices) {
            x -= a.weight();
            if (x < 0) {
                return a;
            }
        }
        return choices.get(choices.size() - 1);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
