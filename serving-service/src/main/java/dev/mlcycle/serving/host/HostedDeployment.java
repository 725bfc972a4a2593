package dev.mlcycle.serving.host;

import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.serving.model.ServedModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The immutable {@link Deployment} a {@link ModelSlot} publishes: versions viewed with the aliases they serve under. */
final class HostedDeployment<A, B extends AutoCloseable> implements Deployment<A, B> {
    private final String model;
    private final A admission;
    private final View<B> champion;
    private final View<B> challenger;
    private final Map<Integer, View<B>> versions;

    /**
     * @param kept every addressable version (champion and challenger included), each loaded and not retired
     */
    HostedDeployment(
            String model,
            A admission,
            HostedVersion<B> champion,
            HostedVersion<B> challenger,
            List<HostedVersion<B>> kept) {
        this.model = model;
        this.admission = admission;
        Map<Integer, View<B>> views = new TreeMap<>(Collections.reverseOrder());
        for (HostedVersion<B> h : kept) {
            Set<String> aliases = h == champion
                    ? Set.of(ModelStatus.Aliases.CHAMPION)
                    : h == challenger ? Set.of(ModelStatus.Aliases.CHALLENGER) : Set.of();
            views.put(h.version(), new View<>(h, aliases));
        }
        this.versions = Collections.unmodifiableMap(views);
        this.champion = versions.get(champion.version());
        this.challenger = challenger == null ? null : versions.get(challenger.version());
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public DatasetSpec spec() {
        return champion.model().spec();
    }

    @Override
    public A admission() {
        return admission;
    }

    @Override
    public ServedVersion<B> champion() {
        return champion;
    }

    @Override
    public Optional<ServedVersion<B>> challenger() {
        return Optional.ofNullable(challenger);
    }

    @Override
    public Optional<ServedVersion<B>> version(int version) {
        return Optional.ofNullable(versions.get(version));
    }

    @Override
    public List<ServedVersion<B>> versions() {
        return List.copyOf(new ArrayList<>(versions.values()));
    }

    HostedVersion<B> championHosted() {
        return champion.hosted();
    }

    HostedVersion<B> challengerHosted() {
        return challenger == null ? null : challenger.hosted();
    }

    /** The same versions under the same aliases: publishing it again would change nothing. */
    boolean sameAs(HostedVersion<B> otherChampion, HostedVersion<B> otherChallenger, List<HostedVersion<B>> kept) {
        if (champion.hosted() != otherChampion
                || challengerHosted() != otherChallenger
                || kept.size() != versions.size()) {
            return false;
        }
        for (HostedVersion<B> h : kept) {
            View<B> v = versions.get(h.version());
            if (v == null || v.hosted() != h) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "Deployment[" + model + ": champion v" + champion.version()
                + (challenger == null ? "" : ", challenger v" + challenger.version()) + ", versions "
                + versions.keySet() + "]";
    }

    /** A version as this deployment offers it. */
    record View<B extends AutoCloseable>(HostedVersion<B> hosted, Set<String> aliases) implements ServedVersion<B> {
        @Override
        public ServedModel model() {
            return hosted.model();
        }

        @Override
        public B batcher() {
            return hosted.batcher();
        }

        @Override
        public int version() {
            return hosted.version();
        }

        @Override
        public Optional<Lease> acquire() {
            return hosted.acquire();
        }
    }
}
