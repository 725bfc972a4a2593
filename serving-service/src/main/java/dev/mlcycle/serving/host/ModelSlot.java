package dev.mlcycle.serving.host;

import static dev.mlcycle.serving.host.ModelStatus.Aliases.CHALLENGER;
import static dev.mlcycle.serving.host.ModelStatus.Aliases.CHAMPION;

import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.record.ModelVersion;
import dev.mlcycle.serving.host.ModelStatus.Failure;
import dev.mlcycle.serving.host.ModelStatus.Served;
import dev.mlcycle.serving.host.ModelStatus.Stage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model on this host: the latest registry record, the loaded versions, the published {@link Deployment} and
 * the failures. {@link #offer} (the follower's thread) only stores the newest record; everything else runs on the
 * host's single loader thread ({@link #reconcile}), so preparing versions never stalls the follower and the
 * slot's state has one writer. Readers ({@link #deployment}, {@link #status}) see volatile immutable snapshots.
 *
 * <p>{@link #reconcile} brings the deployment to what the latest record asks for: it prepares the champion and
 * publishes it at once, then the challenger. A version already loaded (retained) is swapped in without loading.
 * A version that fails is not served: the previous champion (or challenger) keeps serving, and the version is
 * tried again only once the record changes. If a newer record arrives during a load, the slot stops and the
 * newer record's turn goes on from there.
 */
final class ModelSlot<A, B extends AutoCloseable> {
    private static final Logger LOG = LoggerFactory.getLogger(ModelSlot.class);

    private final String name;
    private final VersionLoader loader;
    private final VersionRuntime<A, B> runtime;
    private final HostOptions options;
    private final Clock clock;
    private final HostListener listener;
    private final Executor loaderThread;

    private volatile Offer latest = Offer.NONE;
    private volatile Offer seen = Offer.NONE;
    private volatile HostedDeployment<A, B> current;
    private volatile Map<Integer, Failure> failures = Map.of();
    private volatile Integer loading;
    private volatile Instant swappedAt;

    // Loader thread only.
    private A admission;
    private final Map<Integer, HostedVersion<B>> loaded = new HashMap<>();
    private final Map<Integer, ModelRecord> failedUnder = new HashMap<>();
    private final List<Integer> recent = new ArrayList<>();

    ModelSlot(
            String name,
            VersionLoader loader,
            VersionRuntime<A, B> runtime,
            HostOptions options,
            Clock clock,
            HostListener listener,
            Executor loaderThread) {
        this.name = name;
        this.loader = loader;
        this.runtime = runtime;
        this.options = options;
        this.clock = clock;
        this.listener = listener;
        this.loaderThread = loaderThread;
    }

    /** The newest record of the model, or null when it left the registry. Any thread. */
    void offer(ModelRecord record) {
        latest = new Offer(record, clock.instant());
    }

    /** The deployment serving now, if a champion has loaded. */
    Optional<Deployment<A, B>> deployment() {
        return Optional.ofNullable(current);
    }

    /**
     * True once the champion the record names is served, or has failed under this record (settled either way), or
     * the record names none.
     */
    boolean settled() {
        Offer offer = latest;
        ModelRecord r = offer.record;
        if (r == null) {
            return true;
        }
        OptionalInt champion = r.alias(CHAMPION);
        if (champion.isEmpty()) {
            return true;
        }
        HostedDeployment<A, B> d = current;
        if (d != null && d.champion().version() == champion.getAsInt()) {
            return true;
        }
        Failure f = failures.get(champion.getAsInt());
        return f != null && offer == seen && loading == null;
    }

    /** Brings the deployment to what the latest record asks for. Loader thread only. */
    void reconcile() {
        Offer offer = latest;
        ModelRecord record = offer.record;
        if (record == null) {
            remove();
            return;
        }
        if (!record.equals(seen.record)) {
            forgetFailuresNoLongerAsked(record);
        }
        seen = offer;
        OptionalInt champion = record.alias(CHAMPION);
        if (champion.isPresent()) {
            prepare(record, champion.getAsInt());
            if (latest != offer) {
                return;
            }
            publish(offer);
        }
        OptionalInt challenger = record.alias(CHALLENGER);
        if (challenger.isPresent()) {
            prepare(record, challenger.getAsInt());
            if (latest != offer) {
                return;
            }
        }
        publish(offer);
    }

    /** Releases every version at once, leases or not: the host is closing. Loader thread stopped. */
    void closeAll() {
        current = null;
        for (HostedVersion<B> h : loaded.values()) {
            closeBatcher(h);
        }
        loaded.clear();
    }

    ModelStatus status() {
        ModelRecord r = latest.record != null ? latest.record : seen.record;
        HostedDeployment<A, B> d = current;
        List<Served> served = new ArrayList<>();
        if (d != null) {
            for (ServedVersion<B> v : d.versions()) {
                HostedVersion<B> h = ((HostedDeployment.View<B>) v).hosted();
                served.add(new Served(v.version(), v.aliases(), h.leases(), h.loadedAt(), h.load(), h.warm()));
            }
        }
        List<Failure> failed = new ArrayList<>(failures.values());
        failed.sort(Comparator.comparingInt(Failure::version));
        return new ModelStatus(
                name,
                r == null ? null : r.dataset(),
                alias(r, CHAMPION),
                alias(r, CHALLENGER),
                served,
                loading,
                failed,
                swappedAt);
    }

    /** True if there is anything to report: a record, or versions still being served. */
    boolean isKnown() {
        return latest.record != null || current != null;
    }

    private static Integer alias(ModelRecord r, String alias) {
        if (r == null) {
            return null;
        }
        OptionalInt v = r.alias(alias);
        return v.isPresent() ? v.getAsInt() : null;
    }

    /** Loads, warms and starts a version unless it is loaded or failed under this very record. */
    private void prepare(ModelRecord record, int version) {
        if (loaded.containsKey(version)) {
            return;
        }
        ModelRecord failedRecord = failedUnder.get(version);
        if (failedRecord != null && failedRecord.equals(record)) {
            return;
        }
        Optional<ModelVersion> registered = record.version(version);
        if (registered.isEmpty()) {
            return; // the record's own check makes every alias name a version
        }
        loading = version;
        try {
            VersionLoader.Prepared prepared = loader.prepare(record, registered.get());
            B batcher;
            try {
                batcher = runtime.batcher(prepared.model(), admission());
            } catch (RuntimeException e) {
                throw new VersionLoader.Failed(
                        Stage.START,
                        "model " + name + " version " + version + ": making its batcher failed: "
                                + VersionLoader.message(e),
                        e);
            }
            loaded.put(version, new HostedVersion<>(prepared, batcher, this::released));
            failedUnder.remove(version);
            failures = without(failures, version);
            LOG.info(
                    "model {} version {} loaded in {} ms and warmed in {} ms",
                    name,
                    version,
                    prepared.load().toMillis(),
                    prepared.warm().toMillis());
            listener.loaded(name, version, prepared.load(), prepared.warm());
        } catch (VersionLoader.Failed e) {
            failedUnder.put(version, record);
            Failure failure = new Failure(version, e.stage(), e.getMessage(), clock.instant());
            Map<Integer, Failure> next = new TreeMap<>(failures);
            next.put(version, failure);
            failures = Map.copyOf(next);
            HostedDeployment<A, B> d = current;
            LOG.warn(
                    "model {} version {} is not served ({} failed): {}; {}",
                    name,
                    version,
                    e.stage().name().toLowerCase(java.util.Locale.ROOT),
                    e.getMessage(),
                    d == null ? "no version of it is served yet" : "still serving " + d);
            listener.failed(name, failure);
        } finally {
            loading = null;
        }
    }

    /**
     * Publishes the deployment the record asks for as far as the loaded versions allow, and retires every loaded
     * version that is neither in it nor among the last retained.
     */
    private void publish(Offer offer) {
        ModelRecord record = offer.record;
        HostedDeployment<A, B> before = current;
        OptionalInt wantChampion = record.alias(CHAMPION);
        OptionalInt wantChallenger = record.alias(CHALLENGER);
        HostedVersion<B> champion = wantChampion.isPresent() ? loaded.get(wantChampion.getAsInt()) : null;
        if (champion == null && before != null) {
            champion = before.championHosted(); // the new one failed or is not loaded: the previous keeps serving
        }
        if (champion == null) {
            return;
        }
        HostedVersion<B> challenger = null;
        if (wantChallenger.isPresent()) {
            challenger = loaded.get(wantChallenger.getAsInt());
            if (challenger == null && before != null) {
                challenger = before.challengerHosted();
            }
        }
        if (challenger == champion) {
            challenger = null;
        }
        if (challenger != null) {
            touch(challenger.version());
        }
        touch(champion.version());
        Set<HostedVersion<B>> kept = new LinkedHashSet<>();
        kept.add(champion);
        if (challenger != null) {
            kept.add(challenger);
        }
        for (int i = 0; i < recent.size() && i < options.retained(); i++) {
            HostedVersion<B> h = loaded.get(recent.get(i));
            if (h != null) {
                kept.add(h);
            }
        }
        List<HostedVersion<B>> keptList = List.copyOf(kept);
        if (before == null || !before.sameAs(champion, challenger, keptList)) {
            current = new HostedDeployment<>(name, admission(), champion, challenger, keptList);
            Instant now = clock.instant();
            swappedAt = now;
            Integer championBefore =
                    before == null ? null : before.championHosted().version();
            Integer challengerBefore = before == null || before.challengerHosted() == null
                    ? null
                    : before.challengerHosted().version();
            Integer challengerNow = challenger == null ? null : challenger.version();
            if (championBefore == null
                    || championBefore != champion.version()
                    || !java.util.Objects.equals(challengerBefore, challengerNow)) {
                HostListener.Swap swap = new HostListener.Swap(
                        name,
                        championBefore,
                        champion.version(),
                        challengerBefore,
                        challengerNow,
                        record.updatedAt(),
                        now);
                LOG.info(
                        "model {}: serving champion v{}{} (was {}), {} ms after the registry record (read after {} ms)",
                        name,
                        champion.version(),
                        challengerNow == null ? "" : " and challenger v" + challengerNow,
                        championBefore == null ? "nothing" : "v" + championBefore,
                        swap.latency().toMillis(),
                        java.time.Duration.between(record.updatedAt(), offer.readAt)
                                .toMillis());
                listener.swapped(swap);
            }
        }
        recent.removeIf(v -> kept.stream().noneMatch(h -> h.version() == v));
        for (HostedVersion<B> h : new ArrayList<>(loaded.values())) {
            if (!kept.contains(h)) {
                loaded.remove(h.version());
                h.retire();
            }
        }
    }

    /** The model left the registry or this host: nothing of it is served any more. */
    private void remove() {
        boolean had = current != null || !loaded.isEmpty();
        current = null;
        seen = Offer.NONE;
        for (HostedVersion<B> h : new ArrayList<>(loaded.values())) {
            h.retire();
        }
        loaded.clear();
        recent.clear();
        failedUnder.clear();
        failures = Map.of();
        if (had) {
            LOG.info("model {} left the registry; it is no longer served", name);
            listener.removed(name);
        }
    }

    private void forgetFailuresNoLongerAsked(ModelRecord record) {
        Set<Integer> asked = new java.util.HashSet<>(record.aliases().values());
        failedUnder.keySet().retainAll(asked);
        Map<Integer, Failure> next = new TreeMap<>(failures);
        next.keySet().retainAll(asked);
        failures = Map.copyOf(next);
    }

    private void touch(int version) {
        recent.remove(Integer.valueOf(version));
        recent.add(0, version);
    }

    private A admission() {
        if (admission == null) {
            admission = runtime.admission(name);
        }
        return admission;
    }

    /** Called once per version by whichever thread released it; the batcher is closed on the loader thread. */
    private void released(HostedVersion<B> h) {
        try {
            loaderThread.execute(() -> closeBatcher(h));
        } catch (RejectedExecutionException e) {
            closeBatcher(h); // the host is closing
        }
    }

    private void closeBatcher(HostedVersion<B> h) {
        try {
            h.batcher().close();
        } catch (Exception e) {
            LOG.warn("model {} version {}: closing its batcher failed: {}", name, h.version(), e.toString());
        }
        LOG.info("model {} version {} released", name, h.version());
        listener.released(name, h.version());
    }

    private static Map<Integer, Failure> without(Map<Integer, Failure> map, int version) {
        if (!map.containsKey(version)) {
            return map;
        }
        Map<Integer, Failure> next = new TreeMap<>(map);
        next.remove(version);
        return Map.copyOf(next);
    }

    /** One record as offered by the follower: compared by identity, so each offer is a turn of its own. */
    private static final class Offer {
        static final Offer NONE = new Offer(null, Instant.EPOCH);

        final ModelRecord record;
        final Instant readAt;

        Offer(ModelRecord record, Instant readAt) {
            this.record = record;
            this.readAt = readAt;
        }
    }
}
