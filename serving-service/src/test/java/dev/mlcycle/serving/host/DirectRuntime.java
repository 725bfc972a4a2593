package dev.mlcycle.serving.host;

import dev.mlcycle.serving.model.Frame;
import dev.mlcycle.serving.model.Outputs;
import dev.mlcycle.serving.model.ServedModel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The host tests' {@link VersionRuntime}: where the service plugs in the real admission and micro-batcher, each
 * version here gets a batcher that scores on the caller's thread and refuses to once closed, so a request that
 * reaches a released version fails loudly. Remembers every batcher it made.
 */
final class DirectRuntime implements VersionRuntime<String, DirectRuntime.Batcher> {
    final List<Batcher> made = new CopyOnWriteArrayList<>();
    final List<String> admissions = new CopyOnWriteArrayList<>();

    @Override
    public String admission(String model) {
        admissions.add(model);
        return "admission of " + model;
    }

    private volatile int heldVersion;
    private volatile CountDownLatch hold;

    /** Makes the batcher of {@code version} wait for {@code latch}: its load then takes as long as the test wants. */
    void hold(int version, CountDownLatch latch) {
        heldVersion = version;
        hold = latch;
    }

    @Override
    public Batcher batcher(ServedModel model, String admission) {
        CountDownLatch latch = hold;
        if (latch != null && model.version() == heldVersion) {
            try {
                if (!latch.await(5, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("the test never let version " + heldVersion + " go on");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        Batcher b = new Batcher(model);
        made.add(b);
        return b;
    }

    /** The batchers made for a version, oldest first. */
    List<Batcher> of(int version) {
        return made.stream().filter(b -> b.model.version() == version).toList();
    }

    static final class Batcher implements AutoCloseable {
        final ServedModel model;
        private final AtomicBoolean closed = new AtomicBoolean();

        Batcher(ServedModel model) {
            this.model = model;
        }

        Outputs score(Frame frame) {
            if (closed.get()) {
                throw new IllegalStateException(model + ": its batcher is closed, yet a request reached it");
            }
            Outputs out = model.predict(frame);
            if (closed.get()) {
                throw new IllegalStateException(model + ": its batcher was closed while a request ran on it");
            }
            return out;
        }

        boolean isClosed() {
            return closed.get();
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }
}
