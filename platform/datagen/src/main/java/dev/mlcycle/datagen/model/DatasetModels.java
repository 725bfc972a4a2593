package dev.mlcycle.datagen.model;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.util.List;

/** The datasets the generator knows, by name. */
public final class DatasetModels {
    /** The names {@link #forName} accepts. */
    public static final List<String> NAMES = List.of("credit", "housing");

    private DatasetModels() {}

    /** The model of dataset {@code name}, with its bundled spec. */
    public static DatasetModel forName(String name) {
        if ("credit".equals(name)) {
            return Credit.MODEL;
        }
        if ("housing".equals(name)) {
            return Housing.MODEL;
        }
        throw new MlcycleException(
                Reason.INVALID_ARGUMENT,
                "dataset \"" + name + "\": no generator for it; known datasets: " + String.join(", ", NAMES));
    }

    /** Loaded once: the spec is immutable and the model stateless. */
    private static final class Credit {
        static final CreditModel MODEL = CreditModel.load();
    }

    /** Loaded once, like {@link Credit}. */
    private static final class Housing {
        static final HousingModel MODEL = HousingModel.load();
    }
}
