package dev.mlcycle.features;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.spec.LabelSpec;
import java.util.Objects;
import java.util.function.Function;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/**
 * A dataset's label as Tribuo sees it: the output factory and the conversion of a label value (from an
 * inline label or a {@link dev.mlcycle.contracts.record.LabelEvent}) into an output. A categorical label
 * is classification ({@link Label}, {@link LabelFactory}); a numeric one is regression ({@link
 * Regressor} named after the label, {@link RegressionFactory}). Immutable and thread-safe.
 *
 * <p>Code that works for both kinds takes a {@code LabelTarget<T>} in a generic method and calls it with
 * {@link #of(LabelSpec)}'s result.
 *
 * @param <T> {@link Label} or {@link Regressor}
 */
public final class LabelTarget<T extends Output<T>> {
    private final LabelSpec spec;
    private final OutputFactory<T> factory;
    private final Function<Object, T> convert;

    private LabelTarget(LabelSpec spec, OutputFactory<T> factory, Function<Object, T> convert) {
        this.spec = spec;
        this.factory = factory;
        this.convert = convert;
    }

    /** The target for a label spec: classification for a categorical label, regression for a numeric one. */
    public static LabelTarget<?> of(LabelSpec spec) {
        Objects.requireNonNull(spec, "spec");
        return spec.isClassification() ? classification(spec) : regression(spec);
    }

    /**
     * The classification target of a categorical label.
     *
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} if the label is not categorical or
     *     declares no classes
     */
    public static LabelTarget<Label> classification(LabelSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (!spec.isClassification()) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "label \"" + spec.name() + "\" is " + spec.type().yamlName()
                            + ", expected a categorical label for classification");
        }
        if (spec.values().isEmpty()) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "label \"" + spec.name() + "\" declares no classes; expected its values in the spec");
        }
        return new LabelTarget<>(spec, new LabelFactory(), value -> {
            if (value instanceof String s && spec.values().contains(s)) {
                return new Label(s);
            }
            throw mismatch(spec, value);
        });
    }

    /**
     * The regression target of a numeric label; outputs are {@link Regressor}s named after the label.
     *
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} if the label is not numeric
     */
    public static LabelTarget<Regressor> regression(LabelSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec.isClassification()) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "label \"" + spec.name() + "\" is " + spec.type().yamlName()
                            + ", expected a numeric label for regression");
        }
        return new LabelTarget<>(spec, new RegressionFactory(), value -> {
            if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
                return new Regressor(spec.name(), n.doubleValue());
            }
            throw mismatch(spec, value);
        });
    }

    /** The label spec. */
    public LabelSpec spec() {
        return spec;
    }

    /** Whether this is classification (else regression). */
    public boolean isClassification() {
        return spec.isClassification();
    }

    /** The Tribuo output factory: a {@link LabelFactory} or a {@link RegressionFactory}. */
    public OutputFactory<T> factory() {
        return factory;
    }

    /** The factory's unknown output, to pass with an example that is to be predicted. */
    public T unknown() {
        return factory.getUnknownOutput();
    }

    /**
     * A label value as an output: a {@link Label} for a {@link String} that is one of the declared
     * classes, a {@link Regressor} for a finite {@link Number}.
     *
     * @throws MlcycleException {@link Reason#SCHEMA_MISMATCH} naming the label, what was expected and what
     *     was got, for a null, a value of another type, an undeclared class or a non-finite number
     */
    public T output(Object value) {
        return convert.apply(value);
    }

    private static MlcycleException mismatch(LabelSpec spec, Object value) {
        String expected = spec.isClassification() ? "one of " + spec.values() : "a finite number";
        return new MlcycleException(
                Reason.SCHEMA_MISMATCH,
                "label \"" + spec.name() + "\": expected " + expected + ", got " + Values.describe(value));
    }

    @Override
    public String toString() {
        return "LabelTarget[" + spec.name() + ", "
                + (isClassification() ? "classification " + spec.values() : "regression") + "]";
    }
}
