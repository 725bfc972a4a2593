package dev.mlcycle.serving.host;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a {@link ModelHost} chooses and prepares model versions. The batching and admission options are not here:
 * they go into the {@link VersionRuntime} that builds each version's batcher and each model's admission.
 *
 * @param models the models to serve ({@code serving.models}); empty serves every model in the registry
 * @param retained how many of the most recently served versions of a model stay loaded and addressable by
 *     number beside the aliased ones ({@code serving.versions.retained}), at least 1
 * @param warmupRows how many synthetic rows a version scores before it is swapped in, 0 to skip warming
 * @param warmupSeed the seed of the random draws of those rows, so a warm-up is reproducible
 */
public record HostOptions(Set<String> models, int retained, int warmupRows, long warmupSeed) {
    /** The default of {@link #retained}. */
    public static final int DEFAULT_RETAINED = 3;
    /** The default of {@link #warmupRows}. */
    public static final int DEFAULT_WARMUP_ROWS = 256;
    /** The largest {@link #warmupRows} accepted. */
    public static final int MAX_WARMUP_ROWS = 100_000;

    /**
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} naming the option that is out of range
     */
    public HostOptions {
        models = models == null ? Set.of() : Set.copyOf(new TreeSet<>(models));
        for (String m : models) {
            if (m.isBlank()) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT, "host option models: expected model names, got a blank one");
            }
        }
        if (retained < 1) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "host option retained: expected at least 1 version, got " + retained);
        }
        if (warmupRows < 0 || warmupRows > MAX_WARMUP_ROWS) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "host option warmup-rows: expected 0 to " + MAX_WARMUP_ROWS + ", got " + warmupRows);
        }
    }

    /** Every model, {@value #DEFAULT_RETAINED} retained versions, {@value #DEFAULT_WARMUP_ROWS} warm-up rows. */
    public static HostOptions defaults() {
        return new HostOptions(Set.of(), DEFAULT_RETAINED, DEFAULT_WARMUP_ROWS, 42L);
    }

    /** These options serving only these models (empty: all). */
    public HostOptions withModels(Set<String> names) {
        return new HostOptions(names, retained, warmupRows, warmupSeed);
    }

    /** These options with another number of retained versions. */
    public HostOptions withRetained(int versions) {
        return new HostOptions(models, versions, warmupRows, warmupSeed);
    }

    /** These options with another number of warm-up rows. */
    public HostOptions withWarmupRows(int rows) {
        return new HostOptions(models, retained, rows, warmupSeed);
    }

    /** True if this host serves {@code model}. */
    public boolean serves(String model) {
        return models.isEmpty() || models.contains(model);
    }
}
