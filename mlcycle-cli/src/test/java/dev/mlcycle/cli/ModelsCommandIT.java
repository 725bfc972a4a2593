package dev.mlcycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.kafka.local.junit.Bootstrap;
import dev.mlcycle.kafka.local.junit.WithLocalKafka;
import dev.mlcycle.registry.topic.RegistryOptions;
import dev.mlcycle.registry.topic.RegistryWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code mlcycle models} in-process against the shared local broker, over registry records published
 * here with the registry's own transactional writer, as training-service publishes them.
 */
@WithLocalKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelsCommandIT {
    /** The broker is shared: names no other test uses. */
    final String suffix = UUID.randomUUID().toString().substring(0, 8);

    final String classifier = "models-it-credit-" + suffix;
    final String regressor = "models-it-house-" + suffix;
    String bootstrap;

    @BeforeAll
    void publishModels(@Bootstrap String bootstrap) {
        this.bootstrap = bootstrap;
        RegistryOptions options = RegistryOptions.defaults()
                .withTransactionalId("models-it-" + suffix)
                .withTimeout(Duration.ofSeconds(30));
        try (RegistryWriter writer = RegistryWriter.open(bootstrap, options)) {
            // An older state first: the reader must show the latest record per model.
            ModelRecord later = Records.classifier(classifier);
            writer.publish(new ModelRecord(
                    classifier,
                    "credit",
                    ModelRecord.Task.CLASSIFICATION,
                    later.versions().subList(0, 1),
                    java.util.Map.of("champion", 1),
                    later.audit().subList(0, 1),
                    Records.T0));
            writer.publish(later);
            writer.publish(Records.regressor(regressor));
        }
    }

    CommandLineIT.Run models(String... args) {
        List<String> all = new ArrayList<>(List.of("models", "--bootstrap", bootstrap));
        all.addAll(List.of(args));
        return CommandLineIT.run(all.toArray(String[]::new));
    }

    @Test
    void listsEveryModelWithAliasesAndVersionsNewestFirst() {
        CommandLineIT.Run r = models();
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        int at = lines.indexOf(ModelView.heading(Records.classifier(classifier)));
        assertThat(at).as(r.out()).isNotNegative();
        assertThat(lines.get(at))
                .isEqualTo(classifier + "  dataset credit, classification, champion v2, challenger v3, updated"
                        + " 2026-01-01T12:00:00Z");
        assertThat(lines.get(at + 1)).contains("VERSION", "CREATED", "STATUS", "ALIAS", "ROC_AUC", "RUN", "SNAPSHOT");
        assertThat(lines.get(at + 2)).contains("v3", "ARCHIVED", "challenger", "run-3");
        assertThat(lines.get(at + 3))
                .contains("v2", "2026-01-01T11:00:00Z", "REGISTERED", "champion", "0.8123", "run-2", "4702");
        assertThat(lines.get(at + 4)).contains("v1", "0.7900", "run-1", "4701");
        int house = lines.indexOf(ModelView.heading(Records.regressor(regressor)));
        assertThat(house).isGreaterThan(at);
        assertThat(lines.get(house + 1)).contains("RMSE", "MAE", "R2");
        assertThat(lines.get(house + 2)).contains("1.250e+09", "run-h1");
        assertThat(r.out()).doesNotContain("audit trail");
    }

    @Test
    void oneModelAddsItsAuditTrail() {
        CommandLineIT.Run r = models("--model", classifier);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines().toList().get(0)).startsWith(classifier + "  dataset credit");
        assertThat(r.out()).contains("audit trail, oldest first:");
        assertThat(r.out().lines().filter(l -> l.contains("alice")).findFirst().orElseThrow())
                .contains("promote", "champion", "v1", "v2", "better recall");
        assertThat(r.out()).doesNotContain(regressor);
    }

    @Test
    void printsJsonThatDecodesBackToTheRecords() throws Exception {
        CommandLineIT.Run one = models("--model", classifier, "--json");
        assertThat(one.exit()).as(one.err()).isZero();
        assertThat(Codecs.MODEL_RECORD.decode(one.out(), "test")).isEqualTo(Records.classifier(classifier));
        CommandLineIT.Run all = models("--json");
        JsonNode root = Json.mapper().readTree(all.out());
        List<String> names = new ArrayList<>();
        root.get("models").forEach(m -> names.add(m.get("name").asText()));
        assertThat(names).contains(classifier, regressor).isSorted();
    }

    @Test
    void refusesAnUnknownModelListingTheKnownOnes() {
        CommandLineIT.Run r = models("--model", "no-such-" + suffix);
        assertThat(r.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err())
                .contains("mlcycle models: no model \"no-such-" + suffix + "\" in mlcycle.registry: expected one of [")
                .contains(classifier, regressor);
    }

    @Test
    void saysClearlyWhenNoBrokerAnswers() {
        CommandLineIT.Run r = CommandLineIT.run("models", "--bootstrap", "127.0.0.1:1");
        assertThat(r.exit()).isEqualTo(Main.EXIT_UNAVAILABLE);
        assertThat(r.err()).contains("mlcycle models:", "127.0.0.1:1", "(mlcycle up)");
    }
}
