package dev.mlcycle.monitoring.reference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.record.ModelVersion;
import dev.mlcycle.contracts.spec.DatasetCatalog;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.monitoring.drift.Reference;
import dev.mlcycle.monitoring.topology.ReferenceSource;
import dev.mlcycle.registry.bundle.BundleFiles;
import dev.mlcycle.registry.bundle.BundleStore;
import dev.mlcycle.registry.bundle.VerifiedBundle;
import dev.mlcycle.registry.topic.RegistryFollower;
import dev.mlcycle.registry.topic.RegistryListener;
import dev.mlcycle.registry.topic.RegistryOptions;
import dev.mlcycle.registry.topic.RegistryReader;
import dev.mlcycle.stats.profile.ReferenceProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The references of every model version in {@code mlcycle.registry}: follows the registry (platform/registry's
 * follower) and loads a version's {@code reference-profile.json} and model card the first time it is asked for,
 * after {@link BundleStore#open} has verified every file of the bundle. A version the registry does not know yet is
 * waited for a little (the registry follower may be behind serving); a bundle that fails to verify or read is not
 * used, and says why in the log once.
 */
public final class RegistryReferences implements ReferenceSource, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RegistryReferences.class);
    private static final Duration WAIT_FOR_VERSION = Duration.ofSeconds(5);

    private final RegistryFollower follower;
    private final BundleStore bundles;
    private final DatasetCatalog datasets;
    private final Map<String, Reference> references = new ConcurrentHashMap<>();
    private final Map<String, DatasetSpec> specs = new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();

    public RegistryReferences(String bootstrap, Path registryRoot, DatasetCatalog datasets) {
        this.bundles = new BundleStore(registryRoot);
        this.datasets = datasets;
        this.follower = new RegistryReader(bootstrap, RegistryOptions.defaults()).follow(new RegistryListener() {
            @Override
            public void updated(ModelRecord record) {}
        });
    }

    /** Waits until the registry has been read to its end. */
    public void awaitCaughtUp(Duration timeout) {
        follower.awaitCaughtUp(timeout);
    }

    public boolean caughtUp() {
        return follower.isCaughtUp();
    }

    @Override
    public Optional<Reference> reference(String model, int version) {
        String key = model + "|" + version;
        Reference known = references.get(key);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<ModelVersion> v = find(model, version);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            VerifiedBundle bundle = bundles.open(v.get());
            ReferenceProfile profile = ReferenceProfile.fromJson(
                    Files.readAllBytes(bundle.file(BundleFiles.REFERENCE_PROFILE)),
                    bundle.file(BundleFiles.REFERENCE_PROFILE).toString());
            Map<String, Double> metrics = new LinkedHashMap<>();
            Optional<Path> card = bundle.find(BundleFiles.MODEL_CARD);
            if (card.isPresent()) {
                JsonNode m = Json.mapper().readTree(card.get().toFile()).path("metrics");
                for (Map.Entry<String, JsonNode> e : m.properties()) {
                    if (e.getValue().isNumber()) {
                        metrics.put(e.getKey(), e.getValue().asDouble());
                    }
                }
            }
            Reference reference = new Reference(model, version, profile, metrics);
            references.put(key, reference);
            failures.remove(key);
            return Optional.of(reference);
        } catch (Exception e) {
            String why = e.getMessage();
            if (!why.equals(failures.put(key, why))) {
                LOG.errorf("not monitoring %s v%d: its reference cannot be loaded: %s", model, version, why);
            }
            return Optional.empty();
        }
    }

    /** Why a version's reference could not be loaded, by "model|version". */
    public Map<String, String> failures() {
        return Map.copyOf(failures);
    }

    private Optional<ModelVersion> find(String model, int version) {
        long deadline = System.nanoTime() + WAIT_FOR_VERSION.toNanos();
        while (true) {
            Optional<ModelVersion> v = follower.get(model).flatMap(r -> r.version(version));
            if (v.isPresent() || System.nanoTime() > deadline) {
                return v;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    @Override
    public Optional<DatasetSpec> spec(String dataset) {
        DatasetSpec known = specs.get(dataset);
        if (known != null) {
            return Optional.of(known);
        }
        try {
            DatasetSpec spec = datasets.load(dataset);
            specs.put(dataset, spec);
            return Optional.of(spec);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        follower.close();
    }
}
