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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry as training uses it: bundles on disk, versions and aliases on the compacted {@code
 * mlcycle.registry} topic, one writer at a time.
 *
 * <p>{@link #open} rebuilds the state from the topic through a {@link RegistryWriter}, which first
 * fences any older writer. Every change ({@link #register}, {@link #promote}, {@link #rollback},
 * {@link #archive}) first reads the topic on to its end, computes the model's next whole record with
 * {@link RegistryState} from what it read, and publishes it in its own transaction only if nobody
 * published a record of that model meanwhile; only then is memory updated: a failed publish changes
 * nothing here. Once another instance has taken over, every change fails with {@link
 * Reason#CONFLICT}. After a publish whose outcome is unknown (a timeout), the next change first
 * re-reads the topic.
 *
 * <p>A writer never moves, overwrites or deletes a bundle: {@link BundleStore#write} only ever creates
 * a directory nobody had, and a record only ever names the directory its own registration created. So
 * a stale writer (replaced, not yet fenced at a publish) or a writer with another {@code
 * transactional.id} cannot damage a bundle that a record names; what it leaves is at worst a bundle no
 * record names.
 *
 * <p>Methods are synchronized: one change at a time per process.
 */
public final class Registry implements AutoCloseable {
    /** How many times {@link #register} numbers and writes a version before giving up on a busy model. */
    static final int REGISTER_ATTEMPTS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(Registry.class);

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
     * Registers a new version: reads the topic on, numbers the version (the model's latest version plus
     * one), writes its bundle with {@code contents} into a new directory ({@link BundleStore#write}:
     * {@code <model>/<version>}, or {@code <model>/<version>-<8 hex digits>} if a bundle no record
     * names sits there already), publishes the record and, if the registration names an alias, points
     * it at the new version in the same record.
     *
     * <p>If another writer (one with another {@code transactional.id}) published a record of the model
     * between the read and the publish, this one would drop that writer's change: instead the
     * registration starts over from the newer record, with the next number and a new bundle, calling
     * {@code contents} again (at most {@value #REGISTER_ATTEMPTS} times in all), so it must be able to
     * write the same files twice. The bundle of an attempt that was not published stays where it is,
     * named by no record.
     *
     * @return the model's new record; the new version is its {@link ModelRecord#latestVersion()}
     * @throws MlcycleException {@link Reason#CONFLICT} if the model has another dataset or task, if this
     *     writer was fenced, or if other writers changed the model on every attempt; {@link
     *     Reason#INVALID_ARGUMENT} for a bad bundle; {@link Reason#UNAVAILABLE} if the disk or Kafka fails
     */
    public synchronized ModelRecord register(Registration registration, BundleWriter contents) {
        Objects.requireNonNull(registration, "registration");
        Objects.requireNonNull(contents, "contents");
        String model = registration.model();
        for (int attempt = 1; ; attempt++) {
            ensureWritable();
            state.checkRegistration(registration);
            ModelRecord basis = state.get(model).orElse(null);
            int version = state.nextVersion(model);
            WrittenBundle bundle = bundles.write(model, version, contents);
            ModelRecord next = state.register(registration, version, bundle.bundle(), bundle.files(), now());
            if (publishIfUnchanged(next, basis)) {
                return next;
            }
            if (attempt == REGISTER_ATTEMPTS) {
                throw changedMeanwhile(
                        model,
                        "registering run " + registration.runId() + " (" + attempt + " attempts; the bundle of the"
                                + " last, " + bundle.bundle() + ", is named by no record)");
            }
            LOG.warn(
                    "model {}: another registry writer published a record while version {} ({}) was being"
                            + " registered; registering run {} again on top of it",
                    model,
                    version,
                    bundle.bundle(),
                    registration.runId());
        }
    }

    /**
     * Points an alias ({@code champion} or {@code challenger}) at a version; promoting the challenger to
     * champion clears the challenger.
     *
     * @return the model's new record
     * @throws MlcycleException as {@link RegistryState#promote}, or {@link Reason#CONFLICT} if fenced
     */
    public synchronized ModelRecord promote(String model, int version, String alias, String actor, String reason) {
        return change(
                model,
                "promoting version " + version + " to " + alias,
                () -> state.promote(model, version, alias, actor, reason, now()));
    }

    /**
     * Moves the champion back to the version it pointed at before its current one.
     *
     * @return the model's new record
     * @throws MlcycleException as {@link RegistryState#rollback}, or {@link Reason#CONFLICT} if fenced
     */
    public synchronized ModelRecord rollback(String model, String actor, String reason) {
        return change(model, "rolling back the champion", () -> state.rollback(model, actor, reason, now()));
    }

    /**
     * Archives a version no alias points at. Its bundle stays on disk.
     *
     * @return the model's new record
     * @throws MlcycleException as {@link RegistryState#archive}, or {@link Reason#CONFLICT} if fenced
     */
    public synchronized ModelRecord archive(String model, int version, String actor, String reason) {
        return change(model, "archiving version " + version, () -> state.archive(model, version, actor, reason, now()));
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

    /** Reads the topic on (after an unknown outcome: recovers first), so changes start from the latest. */
    private void ensureWritable() {
        writer.checkWritable();
        state = RegistryState.of((writer.needsRecovery() ? writer.recover() : writer.refresh()).values());
    }

    /** An alias or status change: computed from the latest record, published only over that record. */
    private ModelRecord change(String model, String what, Supplier<ModelRecord> next) {
        ensureWritable();
        ModelRecord basis = state.get(model).orElse(null);
        ModelRecord record = next.get();
        if (!publishIfUnchanged(record, basis)) {
            throw changedMeanwhile(model, what);
        }
        return record;
    }

    /** Publishes unless another writer changed the model since {@code basis}; memory follows the topic. */
    private boolean publishIfUnchanged(ModelRecord next, ModelRecord basis) {
        if (writer.publishIfUnchanged(next, basis)) {
            state.apply(next);
            return true;
        }
        state = RegistryState.of(writer.committed().values());
        return false;
    }

    private MlcycleException changedMeanwhile(String model, String what) {
        return new MlcycleException(
                Reason.CONFLICT,
                "model " + model + ": another registry writer published a record of it while this one was " + what
                        + "; nothing was published over it. Is a second training-service running with another"
                        + " transactional.id than \"" + writer.transactionalId() + "\"? Expected one writer;"
                        + " try again to act on the newer record");
    }

    private Instant now() {
        return options.clock().instant();
    }
}
