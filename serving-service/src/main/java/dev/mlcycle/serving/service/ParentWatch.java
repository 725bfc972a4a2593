package dev.mlcycle.serving.service;

import dev.mlcycle.serving.config.ServingConfig;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Stops the service when the process that started it ends ({@code serving.parent-pid}, set by {@code mlcycle up}),
 * so a killed {@code mlcycle up} leaves no service behind. The shutdown is the normal one: the prediction log flushes
 * what it holds first.
 */
@ApplicationScoped
public class ParentWatch {
    private static final Logger LOG = Logger.getLogger(ParentWatch.class);

    void onStart(@Observes StartupEvent event, ServingConfig config) {
        if (config.parentPid().isEmpty()) {
            return;
        }
        long pid = config.parentPid().getAsLong();
        Optional<ProcessHandle> parent = ProcessHandle.of(pid);
        if (parent.isEmpty() || !parent.get().isAlive()) {
            LOG.errorf("serving.parent-pid %d is not running; stopping", pid);
            Quarkus.asyncExit(1);
            return;
        }
        ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "serving-parent-watch");
            t.setDaemon(true);
            return t;
        });
        watch.scheduleWithFixedDelay(
                () -> {
                    if (!parent.get().isAlive()) {
                        LOG.infof("parent process %d ended; stopping", pid);
                        Quarkus.asyncExit(0);
                        watch.shutdown();
                    }
                },
                1,
                1,
                TimeUnit.SECONDS);
    }
}
