package dev.mlcycle.serving.oip;

import static dev.mlcycle.serving.oip.OipFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.FeatureSpec;
import dev.mlcycle.features.EncoderState;
import dev.mlcycle.features.FeatureEncoder;
import dev.mlcycle.registry.bundle.ModelBundles;
import dev.mlcycle.serving.model.Frame;
import dev.mlcycle.serving.model.Outputs;
import dev.mlcycle.serving.model.ServedModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The codec against a real Tribuo model: what a JSON or a binary request decodes to scores exactly as the same rows
 * handed to the model directly, and the response carries exactly the model's labels and probabilities.
 */
class OipScoringTest {
    private final OipCodec codec = new OipCodec(OipLimits.DEFAULTS);

    @Test
    void decodedRequestsScoreExactlyLikeTheRowsThemselves() {
        DatasetSpec spec = OipFixtures.credit();
        ServedModel model = trainedCreditModel(spec);
        ModelSignature sig = ModelSignature.of(model);
        assertThat(sig.classes()).containsExactly("no", "yes");

        List<Map<String, Object>> rows = OipFixtures.rows(spec, 64, 21);
        String[] ids = OipFixtures.eventIds(rows.size());
        Object[][] columns = new Object[spec.features().size()][rows.size()];
        for (int f = 0; f < columns.length; f++) {
            for (int r = 0; r < rows.size(); r++) {
                columns[f][r] = rows.get(r).get(spec.features().get(f).name());
            }
        }
        Outputs direct = model.predict(Frame.of(spec.featureNames(), columns, null));

        InferRequest json = codec.decodeJson(bytes(OipFixtures.jsonRequest(spec, rows, ids, false)), sig);
        OipFixtures.Binary b = OipFixtures.binaryRequest(spec, rows, ids);
        InferRequest binary = codec.decodeBinary(b.body(), b.headerLength(), sig);
        Outputs fromJson = model.predict(json.frame());
        Outputs fromBinary = model.predict(binary.frame());
        assertThat(fromJson.labels()).isEqualTo(direct.labels());
        assertThat(fromJson.probabilities()).isEqualTo(direct.probabilities());
        assertThat(fromBinary.labels()).isEqualTo(direct.labels());
        assertThat(fromBinary.probabilities()).isEqualTo(direct.probabilities());

        JsonNode body = OipCodecTest.json(
                codec.encode(json, "credit-default", 1, "champion", fromJson).body());
        JsonNode probabilities = body.at("/outputs/1/data");
        for (int r = 0; r < rows.size(); r++) {
            assertThat(body.at("/outputs/0/data/" + r).asText()).isEqualTo(direct.labels()[r]);
            for (int c = 0; c < 2; c++) {
                assertThat(probabilities.get(r * 2 + c).doubleValue()).isEqualTo(direct.probabilities()[r][c]);
            }
        }
    }

    /** A logistic regression on rows whose label follows debt_ratio, enough to give varied probabilities. */
    private static ServedModel trainedCreditModel(DatasetSpec spec) {
        List<Map<String, Object>> train = OipFixtures.rows(spec, 400, 1);
        EncoderState state = FeatureEncoder.fit(spec, train);
        FeatureEncoder encoder = FeatureEncoder.of(state);
        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("oip-test", labels), labels);
        FeatureSpec debt = spec.feature("debt_ratio").orElseThrow();
        for (Map<String, Object> row : train) {
            boolean yes = (Double) row.get(debt.name()) > 10;
            data.add(encoder.example(row, new Label(yes ? "yes" : "no")));
        }
        Model<Label> model = new LogisticRegressionTrainer().train(data);
        return ServedModel.of("credit-default", 1, spec, new ModelBundles.Loaded(model, state, null));
    }
}
