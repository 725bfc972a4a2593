package dev.mlcycle.serving.host;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.record.ModelVersion;
import dev.mlcycle.contracts.spec.DatasetCatalog;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.registry.bundle.BundleFiles;
import dev.mlcycle.registry.bundle.BundleStore;
import dev.mlcycle.registry.bundle.ModelBundles;
import dev.mlcycle.registry.bundle.VerifiedBundle;
import dev.mlcycle.serving.host.ModelStatus.Stage;
import dev.mlcycle.serving.model.Frame;
import dev.mlcycle.serving.model.Outputs;
import dev.mlcycle.serving.model.ServedModel;
import dev.mlcycle.stats.profile.ReferenceProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Prepares one registered version for serving: verifies its bundle ({@link BundleStore#open} re-hashes every
 * file against the record), loads the model and encoder ({@link ModelBundles#load}), the dataset spec and the
 * reference profile, builds the {@link ServedModel}, and warms it: the synthetic rows of {@link WarmUpRows} are
 * scored once as one batch and once row by row, and every answer must be finite. A failure at any step is a
 * {@link Failed} naming the step and the cause.
 */
final class VersionLoader {
    private final BundleStore bundles;
    private final DatasetCatalog datasets;
    private final HostOptions options;
    private final Clock clock;

    VersionLoader(BundleStore bundles, DatasetCatalog datasets, HostOptions options, Clock clock) {
        this.bundles = bundles;
        this.datasets = datasets;
        this.options = options;
        this.clock = clock;
    }

    /** A prepared version: its model and how long loading and warming took. */
    record Prepared(ServedModel model, Instant loadedAt, Duration load, Duration warm) {}

    /** Preparing a version failed at {@code stage}. */
    static final class Failed extends Exception {
        private final Stage stage;

        Failed(Stage stage, String message, Throwable cause) {
            super(message, cause);
            this.stage = stage;
        }

        Stage stage() {
            return stage;
        }
    }

    Prepared prepare(ModelRecord record, ModelVersion version) throws Failed {
        String what = "model " + record.name() + " version " + version.version();
        Instant start = clock.instant();
        VerifiedBundle bundle;
        try {
            bundle = bundles.open(version);
        } catch (RuntimeException e) {
            throw new Failed(Stage.VERIFY, what + ": " + message(e), e);
        }
        ServedModel model;
        ReferenceProfile profile;
        try {
            ModelBundles.Loaded loaded = ModelBundles.load(bundle);
            DatasetSpec spec = datasets.load(record.dataset());
            model = ServedModel.of(record.name(), version.version(), spec, loaded);
            profile = profile(bundle);
        } catch (Exception | LinkageError e) {
            throw new Failed(Stage.LOAD, what + ": loading bundle " + version.bundle() + " failed: " + message(e), e);
        }
        Instant loaded = clock.instant();
        try {
            warm(model, profile);
        } catch (Exception | LinkageError e) {
            throw new Failed(
                    Stage.WARM,
                    what + ": warming with " + options.warmupRows() + " synthetic rows failed: " + message(e),
                    e);
        }
        Instant warmed = clock.instant();
        return new Prepared(model, warmed, Duration.between(start, loaded), Duration.between(loaded, warmed));
    }

    private static ReferenceProfile profile(VerifiedBundle bundle) throws java.io.IOException {
        Path file = bundle.find(BundleFiles.REFERENCE_PROFILE)
                .orElseThrow(() -> new MlcycleException(
                        MlcycleException.Reason.INVALID_RECORD,
                        "the bundle has no " + BundleFiles.REFERENCE_PROFILE + " to draw warm-up rows from; expected"
                                + " one in every bundle training registers"));
        return ReferenceProfile.fromJson(Files.readAllBytes(file), file.toString());
    }

    private void warm(ServedModel model, ReferenceProfile profile) {
        int rows = options.warmupRows();
        if (rows == 0) {
            return;
        }
        Frame frame = WarmUpRows.draw(model.spec(), profile, rows, options.warmupSeed());
        check(model.predict(frame), rows, "the batch of " + rows + " rows");
        for (int r = 0; r < rows; r++) {
            check(model.predict(frame.slice(r, r + 1)), 1, "row " + r);
        }
    }

    private static void check(Outputs out, int rows, String what) {
        if (out.rows() != rows) {
            throw new IllegalStateException(what + ": expected " + rows + " answers, got " + out.rows());
        }
        for (int r = 0; r < rows; r++) {
            if (out.isClassification()) {
                for (double p : out.probabilities()[r]) {
                    if (!Double.isFinite(p)) {
                        throw new IllegalStateException(
                                what + ": answer " + r + " has a probability of " + p + "; expected finite numbers");
                    }
                }
            } else if (!Double.isFinite(out.values()[r])) {
                throw new IllegalStateException(
                        what + ": answer " + r + " is " + out.values()[r] + "; expected a finite number");
            }
        }
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank()
                ? e.toString()
                : (e instanceof MlcycleException ? m : e.getClass().getSimpleName() + ": " + m);
    }
}
