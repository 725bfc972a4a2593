package dev.mlcycle.serving.host;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.spec.DatasetCatalog;
import dev.mlcycle.registry.bundle.BundleStore;
import dev.mlcycle.registry.topic.RegistryFollower;
import dev.mlcycle.registry.topic.RegistryListener;
import dev.mlcycle.registry.topic.RegistryOptions;
import dev.mlcycle.registry.topic.RegistryReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the registry's models: follows {@code mlcycle.registry} (platform/registry's {@link RegistryFollower})
 * and, for every model (or those in {@link HostOptions#models()}), loads the champion and the challenger from
 * their verified bundles, warms them, and swaps each model's {@link Deployment} atomically when an alias moves.
 *
 * <p>Loading runs on one loader thread ({@code mlcycle-model-loader}), never on the follower's, so a slow load
 * never stalls following. Requests read {@link #deployment}, {@linkplain ServedVersion#acquire() lease} a version
 * and close the lease when answered: a request that leased the old version finishes on it; the old version is
 * released (its batcher closed) once no lease is left and it is neither aliased nor among the last {@link
 * HostOptions#retained()} versions, which stay addressable by number. A version whose bundle fails to verify,
 * load or warm is not served: the previous keeps serving, {@link #status()} says which version failed and why,
 * and the {@link HostListener} is told; it is tried again only when the model's record changes.
 *
 * @param <A> the admission type of the {@link VersionRuntime}, one per model
 * @param <B> the batcher type of the {@link VersionRuntime}, one per version
 */
public final class ModelHost<A, B extends AutoCloseable> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelHost.class);

    private final String bootstrap;
    private final RegistryOptions registryOptions;
    private final HostOptions options;
    private final Clock clock;
    private final HostListener listener;
    private final VersionRuntime<A, B> runtime;
    private final VersionLoader loader;
    private final ThreadPoolExecutor loaderThread;
    private final Map<String, ModelSlot<A, B>> slots = new ConcurrentSkipListMap<>();
    private final Set<String> initial = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile RegistryFollower follower;
    private volatile boolean initialReconciled;
    private volatile boolean ready;
    private volatile boolean closed;

    /**
     * A host; nothing happens until {@link #start}.
     *
     * @param bootstrap Kafka's {@code bootstrap.servers}
     * @param registryOptions the registry topic and client options
     * @param registryRoot where the bundles are, {@code <data>/registry}
     * @param datasets where the models' dataset specs are found
     * @param options which models, how many retained versions, how many warm-up rows
     * @param clock the clock of load, failure and swap times
     * @param listener told about loads, failures, swaps and releases
     * @param runtime makes each model's admission and each version's batcher
     */
    public ModelHost(
            String bootstrap,
            RegistryOptions registryOptions,
            Path registryRoot,
            DatasetCatalog datasets,
            HostOptions options,
            Clock clock,
            HostListener listener,
            VersionRuntime<A, B> runtime) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
        this.registryOptions = Objects.requireNonNull(registryOptions, "registryOptions");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = new SafeListener(Objects.requireNonNull(listener, "listener"));
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.loader = new VersionLoader(
                new BundleStore(Objects.requireNonNull(registryRoot, "registryRoot")),
                Objects.requireNonNull(datasets, "datasets"),
                options,
                clock);
        this.loaderThread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "mlcycle-model-loader");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts following the registry. Returns at once; {@link #isReady} says when the champions are settled.
     *
     * @throws MlcycleException {@link Reason#CONFLICT} if started twice or after {@link #close}
     */
    public synchronized void start() {
        if (follower != null || closed) {
            throw new MlcycleException(
                    Reason.CONFLICT, closed ? "the model host is closed" : "the model host is started already");
        }
        follower = new RegistryReader(bootstrap, registryOptions).follow(new Follow());
        LOG.info(
                "following {} at {} for {}",
                registryOptions.topic(),
                bootstrap,
                options.models().isEmpty() ? "every model" : "models " + options.models());
    }

    /**
     * True once the host has read the registry to the end it saw at start and every champion named then has
     * loaded or failed (a failure is settled too). Stays true afterwards: a later promotion loads beside the
     * serving version.
     */
    public boolean isReady() {
        if (ready) {
            return true;
        }
        if (!initialReconciled) {
            return false;
        }
        for (String model : initial) {
            ModelSlot<A, B> slot = slots.get(model);
            if (slot != null && !slot.settled()) {
                return false;
            }
        }
        ready = true;
        return true;
    }

    /**
     * Waits until {@link #isReady}.
     *
     * @throws MlcycleException {@link Reason#UNAVAILABLE} if not ready within {@code timeout}, saying why when the
     *     registry follower failed
     */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isReady()) {
            RegistryFollower f = follower;
            if (f != null && f.failure().isPresent()) {
                throw new MlcycleException(
                        Reason.UNAVAILABLE,
                        "the model host cannot follow the registry: "
                                + f.failure().get().getMessage(),
                        f.failure().get());
            }
            if (System.nanoTime() > deadline) {
                throw new MlcycleException(
                        Reason.UNAVAILABLE,
                        "the model host is not ready after " + timeout.toMillis() + " ms: "
                                + (initialReconciled
                                        ? "champions still loading: " + status()
                                        : "reading the registry"));
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MlcycleException(Reason.UNAVAILABLE, "interrupted while waiting for the model host", e);
            }
        }
    }

    /** The deployment serving a model now, if its champion has loaded. */
    public Optional<Deployment<A, B>> deployment(String model) {
        ModelSlot<A, B> slot = model == null ? null : slots.get(model);
        return slot == null ? Optional.empty() : slot.deployment();
    }

    /** Per model (sorted by name): what the registry asks for, what is served, what failed and why. */
    public List<ModelStatus> status() {
        List<ModelStatus> out = new ArrayList<>();
        for (ModelSlot<A, B> slot : slots.values()) {
            if (slot.isKnown()) {
                out.add(slot.status());
            }
        }
        return List.copyOf(out);
    }

    /** One model's status, if the host knows the model. */
    public Optional<ModelStatus> status(String model) {
        ModelSlot<A, B> slot = model == null ? null : slots.get(model);
        return slot == null || !slot.isKnown() ? Optional.empty() : Optional.of(slot.status());
    }

    /**
     * Stops following, lets a load in progress finish (up to the registry timeout), and closes every loaded
     * version's batcher.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        RegistryFollower f = follower;
        if (f != null) {
            f.close();
        }
        loaderThread.shutdown();
        try {
            if (!loaderThread.awaitTermination(registryOptions.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn(
                        "the model loader did not stop within {} ms",
                        registryOptions.timeout().toMillis());
                loaderThread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            loaderThread.shutdownNow();
        }
        for (ModelSlot<A, B> slot : slots.values()) {
            slot.closeAll();
        }
    }

    private ModelSlot<A, B> slot(String model) {
        return slots.computeIfAbsent(
                model, m -> new ModelSlot<>(m, loader, runtime, options, clock, listener, loaderThread));
    }

    private void reconcileLater(ModelSlot<A, B> slot) {
        submit(slot::reconcile);
    }

    private void submit(Runnable task) {
        try {
            loaderThread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException | LinkageError e) {
                    LOG.error("the model loader failed; the next registry change tries again", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("the model host is closing; a registry change is not acted on");
        }
    }

    /** The follower's listener: stores each record in its slot and hands the work to the loader thread. */
    private final class Follow implements RegistryListener {
        @Override
        public void caughtUp(Map<String, ModelRecord> records) {
            Set<String> withChampion = new HashSet<>();
            for (ModelRecord r : records.values()) {
                if (options.serves(r.name())) {
                    ModelSlot<A, B> slot = slot(r.name());
                    slot.offer(r);
                    if (r.alias(ModelRecord.CHAMPION).isPresent()) {
                        withChampion.add(r.name());
                    }
                    reconcileLater(slot);
                }
            }
            initial.addAll(withChampion);
            LOG.info("read the registry: {} model(s) to serve, {} with a champion", slots.size(), withChampion.size());
            submit(() -> initialReconciled = true);
        }

        @Override
        public void updated(ModelRecord record) {
            if (options.serves(record.name())) {
                ModelSlot<A, B> slot = slot(record.name());
                slot.offer(record);
                reconcileLater(slot);
            }
        }

        @Override
        public void deleted(String name) {
            ModelSlot<A, B> slot = slots.get(name);
            if (slot != null) {
                slot.offer(null);
                reconcileLater(slot);
            }
        }
    }

    /** Logs and swallows what the listener throws, so a bad listener never stops loading or swapping. */
    private static final class SafeListener implements HostListener {
        private final HostListener delegate;

        SafeListener(HostListener delegate) {
            this.delegate = delegate;
        }

        @Override
        public void loaded(String model, int version, Duration load, Duration warm) {
            run(() -> delegate.loaded(model, version, load, warm), "loaded");
        }

        @Override
        public void failed(String model, ModelStatus.Failure failure) {
            run(() -> delegate.failed(model, failure), "failed");
        }

        @Override
        public void swapped(Swap swap) {
            run(() -> delegate.swapped(swap), "swapped");
        }

        @Override
        public void released(String model, int version) {
            run(() -> delegate.released(model, version), "released");
        }

        @Override
        public void removed(String model) {
            run(() -> delegate.removed(model), "removed");
        }

        private static void run(Runnable call, String what) {
            try {
                call.run();
            } catch (RuntimeException e) {
                LOG.warn("the host listener's {} failed", what, e);
            }
        }
    }
}
