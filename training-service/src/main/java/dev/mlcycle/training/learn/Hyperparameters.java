package dev.mlcycle.training.learn;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An algorithm with every one of its parameters set: the given ones, checked, and the defaults for the rest. The
 * full set goes into the run record and the model card, so a model says exactly how it was trained, defaults
 * included.
 *
 * @param algorithm the algorithm
 * @param values every parameter's value by name, sorted by name
 */
public record Hyperparameters(Algorithm algorithm, Map<String, Double> values) {

    public Hyperparameters {
        values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /**
     * The algorithm's parameters with these values given.
     *
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} for an unknown parameter or a bad value
     */
    public static Hyperparameters resolve(Algorithm algorithm, Map<String, String> given) {
        Map<String, Double> values = new TreeMap<>();
        for (Param p : algorithm.params()) {
            values.put(p.name(), p.defaultValue());
        }
        for (Map.Entry<String, String> e : given.entrySet()) {
            Param p = algorithm.param(e.getKey());
            if (p == null) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT,
                        "algorithm " + algorithm.id() + " has no parameter \"" + e.getKey() + "\"; it takes "
                                + algorithm.params().stream().map(Param::name).toList());
            }
            values.put(p.name(), p.parse(algorithm.id(), e.getValue()));
        }
        return new Hyperparameters(algorithm, values);
    }

    /** A whole-number parameter. */
    public int integer(String name) {
        return (int) value(name);
    }

    /** A parameter. */
    public double value(String name) {
        Double v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException(algorithm.id() + " has no parameter " + name);
        }
        return v;
    }

    /** The values as text, as a run record and model card carry them. */
    public Map<String, String> asText() {
        Map<String, String> out = new TreeMap<>();
        values.forEach((name, v) -> {
            Param p = algorithm.param(name);
            out.put(name, p.integer() ? Long.toString(v.longValue()) : Double.toString(v));
        });
        return out;
    }
}
