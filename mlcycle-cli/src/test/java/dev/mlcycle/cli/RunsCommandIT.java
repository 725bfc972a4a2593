package dev.mlcycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.contracts.record.TrainingRun;
import dev.mlcycle.kafka.local.junit.Bootstrap;
import dev.mlcycle.kafka.local.junit.WithLocalKafka;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code mlcycle runs} in-process against the shared local broker, over run records published here as
 * training-service publishes them: one record per state change, keyed by run id.
 */
@WithLocalKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunsCommandIT {
    /** The broker is shared: names no other test uses. */
    final String model = "runs-it-" + UUID.randomUUID().toString().substring(0, 8);

    final String other = model + "-b";
    final String a = model + "-run-a";
    final String b = model + "-run-b";
    final String c = model + "-run-c";
    final String d = model + "-run-d";
    final Instant t0 = Instant.parse("2030-06-01T08:00:00Z");

    String bootstrap;

    @BeforeAll
    void publishRuns(@Bootstrap String bootstrap) throws Exception {
        this.bootstrap = bootstrap;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<byte[], byte[]> p =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            // Run a goes through three states; b fails; c is folded into a; d of another model is queued.
            send(p, Records.queued(a, model, t0));
            send(p, Records.running(a, model, t0));
            send(p, Records.failed(b, model, t0.plusSeconds(60)));
            send(p, Records.coalesced(c, model, t0.plusSeconds(5), a));
            send(p, Records.succeeded(a, model, t0, 3));
            send(p, Records.queued(d, other, t0.plusSeconds(120)));
            // Something that is not a run must not hide the others.
            p.send(new ProducerRecord<>(Topics.TRAINING_RUNS, bytes("junk"), bytes("{\"run_id\": 42")))
                    .get();
        }
    }

    static void send(KafkaProducer<byte[], byte[]> p, TrainingRun run) throws Exception {
        p.send(new ProducerRecord<>(Topics.TRAINING_RUNS, bytes(run.runId()), Codecs.TRAINING_RUN.encode(run)))
                .get();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    CommandLineIT.Run runs(String... args) {
        List<String> all = new ArrayList<>(List.of("runs", "--bootstrap", bootstrap));
        all.addAll(List.of(args));
        return CommandLineIT.run(all.toArray(String[]::new));
    }

    @Test
    void listsTheLatestStateOfEachRunOfAModelNewestFirst() {
        CommandLineIT.Run r = runs("--model", model);
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("RUN").contains("STATUS", "COALESCED INTO");
        assertThat(lines.get(1)).startsWith(b).contains("SCHEDULE", "FAILED", "3.2s");
        assertThat(lines.get(2)).startsWith(c).contains("NEW_DATA", "COALESCED").endsWith(a);
        assertThat(lines.get(3))
                .startsWith(a)
                .contains("2030-06-01T08:00:00Z", "MANUAL", "SUCCEEDED", "v3", "roc_auc 0.8123", "42.1s");
        assertThat(r.out()).doesNotContain("QUEUED").doesNotContain("RUNNING").doesNotContain(other);
        assertThat(r.err()).contains("skipped 1 record that is not a training run", "partition 0 offset");
    }

    @Test
    void listsEveryModelsRunsWithoutModel() {
        CommandLineIT.Run r = runs();
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains(a, b, c, d);
        assertThat(r.out().lines().filter(l -> l.startsWith(d)).findFirst().orElseThrow())
                .contains(other, "QUEUED");
    }

    @Test
    void limitKeepsTheNewestAndSaysHowManyThereAre() {
        CommandLineIT.Run r = runs("--model", model, "--limit", "1");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines().toList())
                .hasSize(3)
                .element(2)
                .isEqualTo("showing the newest 1 of 3; --limit N shows more");
        assertThat(r.out().lines().toList().get(1)).startsWith(b);
    }

    @Test
    void showsOneRunInFull() {
        CommandLineIT.Run r = runs("--run", a);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("status       SUCCEEDED")
                .contains("trigger      MANUAL by alice at 2030-06-01T08:00:00Z: after the income fix")
                .contains("snapshot     4711")
                .contains("offsets      mlcycle.events.credit-0 [0, 1000)")
                .contains("params       algorithm = xgboost")
                .contains("version      v3")
                .contains("metrics:")
                .contains("gate: passed 2 checks (compared with champion v1)")
                .contains("not-worse-than-champion");
        CommandLineIT.Run failed = runs("--run", b);
        assertThat(failed.out()).contains("error        data failed 1 of 6 checks");
    }

    @Test
    void printsJsonThatDecodesBackToTheRuns() throws Exception {
        CommandLineIT.Run r = runs("--model", model, "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode root = Json.mapper().readTree(r.out());
        assertThat(root.get("runs")).hasSize(3);
        List<TrainingRun> decoded = new ArrayList<>();
        for (JsonNode n : root.get("runs")) {
            decoded.add(Codecs.TRAINING_RUN.decode(n.toString(), "test"));
        }
        assertThat(decoded).extracting(TrainingRun::runId).containsExactly(b, c, a);
        assertThat(decoded.get(2)).isEqualTo(Records.succeeded(a, model, t0, 3));

        CommandLineIT.Run one = runs("--run", a, "--json");
        assertThat(Codecs.TRAINING_RUN.decode(one.out(), "test")).isEqualTo(Records.succeeded(a, model, t0, 3));
    }

    @Test
    void saysPlainlyWhenAModelHasNoRuns() {
        CommandLineIT.Run r = runs("--model", model + "-none");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .startsWith("no training runs of model " + model + "-none in mlcycle.training.runs; start one with:"
                        + " mlcycle train --model " + model + "-none");
    }

    @Test
    void refusesAnUnknownRunAndContradictoryOptions() {
        CommandLineIT.Run r = runs("--run", "no-such-run");
        assertThat(r.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("no run \"no-such-run\" in mlcycle.training.runs (", "mlcycle runs lists them");
        assertThat(runs("--run", a, "--limit", "2").err())
                .contains("--run shows one run: it excludes --model and --limit");
        assertThat(runs("--limit", "0").exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(runs("--model", "Bad Name").err()).contains("--model: model name: expected");
    }

    @Test
    void saysClearlyWhenNoBrokerAnswers() {
        CommandLineIT.Run r = CommandLineIT.run("runs", "--bootstrap", "127.0.0.1:1");
        assertThat(r.exit()).isEqualTo(Main.EXIT_UNAVAILABLE);
        assertThat(r.err()).contains("mlcycle runs: no answer from Kafka at 127.0.0.1:1", "(mlcycle up)");
    }
}
