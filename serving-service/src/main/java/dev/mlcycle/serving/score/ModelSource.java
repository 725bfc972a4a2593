package dev.mlcycle.serving.score;

import dev.mlcycle.serving.model.ServedModel;
import java.util.OptionalInt;

/**
 * Where batch scoring gets the model it scores with: the same {@link ServedModel} (encoder and Tribuo model) that
 * answers online. {@link RegistryModelSource} loads it from the registry; once the model host serves versions, the
 * lead may point batch scoring at the host's loaded models instead.
 */
@FunctionalInterface
public interface ModelSource {
    /**
     * The model to score with.
     *
     * @param model the model name
     * @param version the version, or empty for the champion
     * @throws dev.mlcycle.contracts.MlcycleException {@code MODEL_NOT_FOUND} / {@code NOT_FOUND} when there is no such
     *     model or version, or the bundle's reason when it fails to verify or load
     */
    ServedModel load(String model, OptionalInt version);
}
