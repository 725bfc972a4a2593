package dev.mlcycle.serving.oip;

import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.serving.model.ServedModel;
import java.util.List;
import java.util.Objects;

/**
 * What the codec needs of a served model: the dataset spec its inputs follow, whether it classifies, and its class
 * names in the order of its probabilities.
 */
public record ModelSignature(DatasetSpec spec, boolean classification, List<String> classes) {
    public static final String LABEL = "label";
    public static final String PROBABILITIES = "probabilities";
    public static final String VALUE = "value";

    public ModelSignature {
        Objects.requireNonNull(spec, "spec");
        classes = List.copyOf(classes);
    }

    public static ModelSignature of(ServedModel model) {
        return new ModelSignature(model.spec(), model.isClassification(), model.classes());
    }

    /** The outputs this model answers with, in the order they are written. */
    public List<String> outputNames() {
        return classification ? List.of(LABEL, PROBABILITIES) : List.of(VALUE);
    }
}
