package dev.mlcycle.serving.score;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.record.ModelVersion;
import dev.mlcycle.contracts.spec.DatasetCatalog;
import dev.mlcycle.registry.bundle.BundleStore;
import dev.mlcycle.registry.bundle.ModelBundles;
import dev.mlcycle.registry.topic.RegistryReader;
import dev.mlcycle.serving.model.ServedModel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * The adapter that loads a model version for batch scoring, as online serving builds it: the record read from
 * {@code mlcycle.registry}, the bundle opened with {@link BundleStore#open} (every file's sha256 verified), {@link
 * ModelBundles#load}, and {@link ServedModel#of} with the dataset's spec.
 */
public final class RegistryModelSource implements ModelSource {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final RegistryReader registry;
    private final BundleStore bundles;
    private final DatasetCatalog datasets;

    public RegistryModelSource(RegistryReader registry, Path registryRoot, DatasetCatalog datasets) {
        this.registry = registry;
        this.bundles = new BundleStore(registryRoot);
        this.datasets = datasets;
    }

    @Override
    public ServedModel load(String model, OptionalInt version) {
        ModelRecord record = registry.readAll(READ_TIMEOUT).get(model);
        if (record == null) {
            throw new MlcycleException(
                    Reason.MODEL_NOT_FOUND, "no model \"" + model + "\" in the registry: train one first");
        }
        ModelVersion v;
        if (version.isPresent()) {
            v = record.version(version.getAsInt())
                    .orElseThrow(() -> new MlcycleException(
                            Reason.MODEL_NOT_FOUND,
                            "model " + model + " has no version " + version.getAsInt() + "; it has "
                                    + record.versions().stream()
                                            .map(ModelVersion::version)
                                            .toList()));
        } else {
            v = record.champion()
                    .orElseThrow(() -> new MlcycleException(
                            Reason.MODEL_NOT_FOUND,
                            "model " + model + " has no champion; name a version (--version) or promote one"));
        }
        try {
            return ServedModel.of(
                    model, v.version(), datasets.load(record.dataset()), ModelBundles.load(bundles.open(v)));
        } catch (IOException e) {
            throw new MlcycleException(
                    Reason.INTERNAL,
                    "cannot load the bundle of " + model + " v" + v.version() + ": " + e.getMessage(),
                    e);
        }
    }
}
