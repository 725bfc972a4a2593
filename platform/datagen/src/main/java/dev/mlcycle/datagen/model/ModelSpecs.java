package dev.mlcycle.datagen.model;

import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.FeatureSpec;
import dev.mlcycle.contracts.spec.FeatureType;
import java.util.List;

/** What every dataset model does with its spec and its rows: find a feature, check its levels, read values. */
final class ModelSpecs {
    private ModelSpecs() {}

    /** The index of feature {@code name} in the spec, or -1 (noting the problem) when it is missing or mistyped. */
    static int slot(DatasetSpec spec, String name, FeatureType type, List<String> problems) {
        List<FeatureSpec> fs = spec.features();
        for (int i = 0; i < fs.size(); i++) {
            if (fs.get(i).name().equals(name)) {
                if (fs.get(i).type() != type) {
                    problems.add(name + ": expected type " + type.yamlName() + ", got "
                            + fs.get(i).type().yamlName());
                }
                return i;
            }
        }
        problems.add("missing feature " + name);
        return -1;
    }

    /** Notes a problem when categorical feature {@code name} does not have exactly these levels, in this order. */
    static void levels(DatasetSpec spec, String name, String[] expected, List<String> problems) {
        spec.feature(name).ifPresent(f -> {
            if (!f.values().equals(List.of(expected))) {
                problems.add(name + ": expected values " + List.of(expected) + ", got " + f.values());
            }
        });
    }

    /** A numeric value, 0 when missing. */
    static double num(Object v) {
        return v == null ? 0.0 : ((Number) v).doubleValue();
    }

    /** The level's index; an unknown level (a shifted-in category the model lacks) counts as the last. */
    static int index(String[] levels, Object v) {
        for (int i = 0; i < levels.length; i++) {
            if (levels[i].equals(v)) {
                return i;
            }
        }
        return levels.length - 1;
    }
}
