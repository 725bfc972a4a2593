package dev.mlcycle.monitoring.topology;

import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.monitoring.drift.Reference;
import java.util.Optional;

/** Where the topology finds a model version's reference and a dataset's spec (the registry and the catalog). */
public interface ReferenceSource {
    /** The reference of a model version, or empty when the registry has no such version or its bundle fails. */
    Optional<Reference> reference(String model, int version);

    /** The spec of a dataset, or empty when it is unknown. */
    Optional<DatasetSpec> spec(String dataset);
}
