package dev.mlcycle.serving.host;

import dev.mlcycle.serving.model.ServedModel;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One loaded version and its batcher, shared by every deployment that offers it, with the leases that keep it
 * alive. One atomic count holds the leases, or -1 once released, so acquiring and releasing never race: a version
 * is released exactly once, when it has been {@linkplain #retire() retired} (left every deployment) and the last
 * lease closes, or at retirement if none is open. Lock-free.
 */
final class HostedVersion<B extends AutoCloseable> {
    private static final int RELEASED = -1;

    private final ServedModel model;
    private final B batcher;
    private final Instant loadedAt;
    private final Duration load;
    private final Duration warm;
    private final Consumer<HostedVersion<B>> onRelease;
    private final AtomicInteger leases = new AtomicInteger();
    private volatile boolean retired;

    /**
     * @param onRelease called once, by whichever thread releases it (the loader's, or a request's closing its
     *     lease), to close the batcher
     */
    HostedVersion(VersionLoader.Prepared prepared, B batcher, Consumer<HostedVersion<B>> onRelease) {
        this.model = prepared.model();
        this.batcher = batcher;
        this.loadedAt = prepared.loadedAt();
        this.load = prepared.load();
        this.warm = prepared.warm();
        this.onRelease = onRelease;
    }

    ServedModel model() {
        return model;
    }

    B batcher() {
        return batcher;
    }

    int version() {
        return model.version();
    }

    Instant loadedAt() {
        return loadedAt;
    }

    Duration load() {
        return load;
    }

    Duration warm() {
        return warm;
    }

    /** A lease, unless the version has been released. */
    Optional<ServedVersion.Lease> acquire() {
        while (true) {
            int n = leases.get();
            if (n == RELEASED) {
                return Optional.empty();
            }
            if (leases.compareAndSet(n, n + 1)) {
                return Optional.of(new Held());
            }
        }
    }

    /** Takes it out of service: released now if no lease is open, else when the last one closes. */
    void retire() {
        retired = true;
        if (leases.compareAndSet(0, RELEASED)) {
            onRelease.accept(this);
        }
    }

    /** How many leases are open now (0 once released). */
    int leases() {
        return Math.max(0, leases.get());
    }

    boolean isReleased() {
        return leases.get() == RELEASED;
    }

    private void leaseClosed() {
        if (leases.decrementAndGet() == 0 && retired && leases.compareAndSet(0, RELEASED)) {
            onRelease.accept(this);
        }
    }

    @Override
    public String toString() {
        return model.toString();
    }

    private final class Held implements ServedVersion.Lease {
        private final AtomicBoolean open = new AtomicBoolean(true);

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                leaseClosed();
            }
        }
    }
}
