package dev.mlcycle.registry.bundle;

/**
 * The well-known file names of a model bundle. Training decides what they hold; the {@link
 * BundleStore} only stores and verifies them, and accepts other files too.
 */
public final class BundleFiles {
    /** The Tribuo model, in Tribuo's own serialized format. */
    public static final String MODEL = "model.tribuo";
    /** The feature-encoding state (imputation values, category indexes), as JSON. */
    public static final String ENCODER = "encoder.json";
    /** The model card: metrics, parameters, seed, provenance, data snapshot and offsets, as JSON. */
    public static final String MODEL_CARD = "model-card.json";
    /** The reference profile of the training data and predictions, for drift monitoring, as JSON. */
    public static final String REFERENCE_PROFILE = "reference-profile.json";
    /**
     * Written by the store into every bundle: one {@code <sha256>  <name>} line per other file, sorted
     * by name, in the format of {@code sha256sum}, so {@code sha256sum -c MANIFEST.sha256} inside the
     * bundle directory checks it without the registry. Listed with its own sha256 in the record.
     */
    public static final String MANIFEST = "MANIFEST.sha256";

    private BundleFiles() {}
}
