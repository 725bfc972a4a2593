package dev.mlcycle.registry;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.record.ModelVersion;
import dev.mlcycle.registry.bundle.BundleStore;
import dev.mlcycle.registry.bundle.BundleWriter;
import dev.mlcycle.registry.bundle.VerifiedBundle;
import dev.mlcycle.registry.bundle.WrittenBundle;
import dev.mlcycle.registry.state.Registration;
import dev.mlcycle.registry.state.RegistryState;
import dev.mlcycle.registry.topic.RegistryOptions;
import dev.mlcycle.registry.topic.RegistryWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;

/**
 * The registry as training uses it: bundles on disk, versions and aliases on the compacted {@code
 * mlcycle.registry} topic, one writer at a time.
 *
 * <p>{@link #open} rebuilds the state from the topic through a {@link RegistryWriter}, which first
 * fences any older writer. Every change ({@link #register}, {@link #promote}, {@link #rollback},
 * {@link #archive}) computes the model's next whole record with {@link RegistryState}, publishes it in
 * its own transaction, and only then updates memory: a failed publish changes nothing here. Once
 * another instance has taken over, every change fails with {@link Reason#CONFLICT}. After a publish
 * whose outcome is unknown (a timeout), the next change first re-reads the topic.
 *
 * <p>Methods are synchronized: one change at a time per process.
 */
public final class Registry implements AutoCloseable {
    private static final int SET_ASIDE_ATTEMPTS = 3;

    private final BundleStore bundles;
    private final RegistryWriter writer;
    private final RegistryOptions options;
    private RegistryState state;

    private Registry(BundleStore bundles, RegistryWriter writer, RegistryOptions options) {
        this.bundles = bundles;
        this.writer = writer;
        this.options = options;
        this.state = RegistryState.of(writer.committed().values());
    }

    /**
     * Opens the registry: becomes its writer (fencing any older one with the same {@code
     * transactional.id}) and rebuilds the state from the topic.
     *
     * @param bootstrap Kafka's {@code bootstrap.servers}
     * @param registryRoot where bundles live, e.g. {@code <data>/registry}
     * @throws MlcycleException {@link Reason#UNAVAILABLE} if Kafka does not answer in time; {@link
     *     Reason#NOT_FOUND} if the topic does not exist
     */
    public static Registry open(String bootstrap, Path registryRoot, RegistryOptions options) {
        Objects.requireNonNull(options, "options");
        BundleStore bundles = new BundleStore(registryRoot);
        return new Registry(bundles, RegistryWriter.open(bootstrap, options), options);
    }

    /**
     * Registers a new version: numbers it (the model's latest version plus one), writes its bundle with
     * {@code contents}, publishes the record and, if the registration names an alias, points it at the
     * new version in the same record.
     *
     * <p>A bundle directory under that number that no record names (left by a writer that stopped
     * between writing and publishing) is moved aside first, into the staging area. Should another
     * such bundle appear while this one is written, {@code contents} is called again (at most three
     * times in all), so it must be able to write the same files twice.
     *
     * @return the model's new record; the new version is its {@link ModelRecord#latestVersion()}
     * @throws MlcycleException {@link Reason#CONFLICT} if the model has another dataset or task, or this
     *     writer was fenced; {@link Reason#INVALID_ARGUMENT} for a bad bundle; {@link Reason#UNAVAILABLE}
     *     if the disk or Kafka fails
     */
    public synchronized ModelRecord register(Registration registration, BundleWriter contents) {
        Objects.requireNonNull(registration, "registration");
        Objects.requireNonNull(contents, "contents");
        ensureWritable();
        state.checkRegistration(registration);
        int version = state.nextVersion(registration.model());
        WrittenBundle bundle = writeBundle(registration.model(), version, contents);
        ModelRecord next = state.register(registration, version, bundle.bundle(), bundle.files(), now());
        return publish(next);
    }

    /**
     * Points an alias ({@code champion} or {@code challenger}) at a version; promoting the challenger to
     * champion clears the challenger.
     *
     * @return the model's new record
     * @throws MlcycleException as {@link RegistryState#promote}, or {@link Reason#CONFLICT} if fenced
     */
    public synchronized ModelRecord promote(String model, int version, String alias, String actor, String reason) {
        ensureWritable();
        return publish(state.promote(model, version, alias, actor, reason, now()));
    }

    /**
     * Moves the champion back to the version it pointed at before its current one.
     *
     * @return the model's new record
     * @throws MlcycleException as {@link RegistryState#rollback}, or {@link Reason#CONFLICT} if fenced
     */
    public synchronized ModelRecord rollback(String model, String actor, String reason) {
        ensureWritable();
        return publish(state.rollback(model, actor, reason, now()));
    }

    /**
     * Archives a version no alias points at. Its bundle stays on disk.
     *
     * @return the model's new record
     * @throws MlcycleException as {@link RegistryState#archive}, or {@link Reason#CONFLICT} if fenced
     */
    public synchronized ModelRecord archive(String model, int version, String actor, String reason) {
        ensureWritable();
        return publish(state.archive(model, version, actor, reason, now()));
    }

    /** A model's current record, or empty if the registry has none by that name. */
    public synchronized Optional<ModelRecord> get(String model) {
        return state.get(model);
    }

    /** Every model's current record, sorted by name; a snapshot. */
    public synchronized NavigableMap<String, ModelRecord> all() {
        return state.all();
    }

    /**
     * Opens a registered version's bundle after verifying every file's sha256.
     *
     * @throws MlcycleException {@link Reason#MODEL_NOT_FOUND} or {@link Reason#NOT_FOUND} for an unknown
     *     model or version; what {@link BundleStore#open} throws for a bundle that fails verification
     */
    public VerifiedBundle openBundle(String model, int version) {
        ModelRecord record;
        synchronized (this) {
            record = state.require(model);
        }
        ModelVersion v = record.version(version)
                .orElseThrow(() -> new MlcycleException(
                        Reason.NOT_FOUND,
                        "model " + model + " has no version " + version + "; expected one of "
                                + record.versions().stream()
                                        .map(ModelVersion::version)
                                        .toList()));
        return bundles.open(v);
    }

    /** The bundle store under the registry root (for {@link BundleStore#sweepStaging} at start). */
    public BundleStore bundles() {
        return bundles;
    }

    /** True once a newer writer has taken over; every change then fails with {@link Reason#CONFLICT}. */
    public boolean isFenced() {
        return writer.isFenced();
    }

    /** Closes the writer. The bundles stay where they are. */
    @Override
    public synchronized void close() {
        writer.close();
    }

    private void ensureWritable() {
        writer.checkWritable();
        if (writer.needsRecovery()) {
            state = RegistryState.of(writer.recover().values());
        }
    }

    private ModelRecord publish(ModelRecord next) {
        writer.publish(next);
        state.apply(next);
        return next;
    }

    private WrittenBundle writeBundle(String model, int version, BundleWriter contents) {
        MlcycleException last = null;
        for (int attempt = 0; attempt < SET_ASIDE_ATTEMPTS; attempt++) {
            // The version is one past the latest committed record, so no reader can know a bundle by
            // that number: whatever is there was never registered.
            bundles.setAside(model, version);
            try {
                return bundles.write(model, version, contents);
            } catch (MlcycleException e) {
                if (e.reason() != Reason.CONFLICT) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    private Instant now() {
        return options.clock().instant();
    }
}
