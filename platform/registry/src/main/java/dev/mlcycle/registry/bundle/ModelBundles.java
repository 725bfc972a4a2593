package dev.mlcycle.registry.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.features.EncoderState;
import dev.mlcycle.stats.profile.ReferenceProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tribuo.Model;

/**
 * Reads and writes the files of a model bundle: the Tribuo model ({@code model.tribuo}), the encoder state
 * ({@code encoder.json}), the model card ({@code model-card.json}) and the reference profile. The registry
 * stages, hashes and publishes them; this class only turns objects into those files and back.
 */
public final class ModelBundles {
    private ModelBundles() {}

    /**
     * What a bundle holds for scoring: the model, its encoder state and its model card as JSON.
     *
     * @param model the deserialized Tribuo model
     * @param encoder the encoder state it was trained with
     * @param card the model card, or null when the bundle has none
     */
    public record Loaded(Model<?> model, EncoderState encoder, JsonNode card) {}

    /**
     * Writes the bundle's files into a (staging) directory.
     *
     * @param dir the empty directory the registry stages the bundle in
     * @param model the trained model
     * @param encoder its encoder state
     * @param card the model card, written as pretty JSON
     * @param profile the reference profile
     */
    public static void write(Path dir, Model<?> model, EncoderState encoder, Object card, ReferenceProfile profile)
            throws IOException {
        model.serializeToFile(dir.resolve(BundleFiles.MODEL));
        Files.writeString(dir.resolve(BundleFiles.ENCODER), encoder.toJson());
        Files.write(
                dir.resolve(BundleFiles.MODEL_CARD),
                Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(card));
        Files.write(dir.resolve(BundleFiles.REFERENCE_PROFILE), profile.toJsonBytes());
    }

    /** Loads the model, encoder state and model card of a verified bundle. */
    public static Loaded load(VerifiedBundle bundle) throws IOException {
        EncoderState encoder = EncoderState.fromJson(Files.readString(bundle.file(BundleFiles.ENCODER)));
        Model<?> model = Model.deserializeFromFile(bundle.file(BundleFiles.MODEL));
        JsonNode card = bundle.find(BundleFiles.MODEL_CARD).isPresent()
                ? Json.mapper().readTree(bundle.file(BundleFiles.MODEL_CARD).toFile())
                : null;
        return new Loaded(model, encoder, card);
    }
}
