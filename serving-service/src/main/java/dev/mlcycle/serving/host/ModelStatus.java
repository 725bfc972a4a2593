package dev.mlcycle.serving.host;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What the host does with one model: what the registry asks for, what is served, what is loading and what
 * failed, and why. A snapshot.
 *
 * @param model the model name
 * @param dataset its dataset
 * @param champion the version the registry's champion alias names, or null
 * @param challenger the version the registry's challenger alias names, or null
 * @param served every version being served (aliased or retained), highest number first; empty until a champion
 *     has loaded
 * @param loading the version being loaded now, or null
 * @param failures the versions the registry asks for that failed to verify, load, warm or start, with why
 * @param swappedAt when the deployment last changed, or null before the first
 */
public record ModelStatus(
        String model,
        String dataset,
        Integer champion,
        Integer challenger,
        List<Served> served,
        Integer loading,
        List<Failure> failures,
        Instant swappedAt) {
    public ModelStatus {
        served = List.copyOf(served);
        failures = List.copyOf(failures);
    }

    /** The version serving as champion now, or null before one has loaded. */
    public Integer servingChampion() {
        return served.stream()
                .filter(s -> s.aliases().contains(Aliases.CHAMPION))
                .map(Served::version)
                .findFirst()
                .orElse(null);
    }

    /** True if the champion the registry names is the one served. */
    public boolean championServed() {
        return champion != null && champion.equals(servingChampion());
    }

    /**
     * One served version.
     *
     * @param version the version number
     * @param aliases the aliases it serves under now (empty for a retained version)
     * @param leases how many requests hold it now
     * @param loadedAt when it was loaded
     * @param load how long verifying and loading its bundle took
     * @param warm how long warming it took
     */
    public record Served(int version, Set<String> aliases, int leases, Instant loadedAt, Duration load, Duration warm) {
        public Served {
            aliases = Set.copyOf(aliases);
        }
    }

    /**
     * A version that is not served because preparing it failed. It is tried again only when the model's registry
     * record changes.
     *
     * @param version the version number
     * @param stage where it failed
     * @param reason what went wrong, e.g. the file whose sha256 differs with the expected and actual digests
     * @param at when
     */
    public record Failure(int version, Stage stage, String reason, Instant at) {}

    /** The steps of preparing a version. */
    public enum Stage {
        /** Re-hashing the bundle's files against the registry record. */
        VERIFY,
        /** Reading the model, encoder, dataset spec and reference profile. */
        LOAD,
        /** Scoring the synthetic warm-up rows. */
        WARM,
        /** Making its batcher. */
        START
    }

    /** The alias names, as in the registry record. */
    static final class Aliases {
        static final String CHAMPION = dev.mlcycle.contracts.record.ModelRecord.CHAMPION;
        static final String CHALLENGER = dev.mlcycle.contracts.record.ModelRecord.CHALLENGER;

        private Aliases() {}
    }
}
