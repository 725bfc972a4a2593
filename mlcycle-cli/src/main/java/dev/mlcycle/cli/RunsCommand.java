package dev.mlcycle.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.contracts.record.TrainingRun;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mlcycle runs}: the training runs, read straight from {@code mlcycle.training.runs}, so it
 * works while training-service is down. Training writes a record at every state change of a run; the
 * latest record per run id is the run's state.
 */
@Command(
        name = "runs",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Show the training runs, newest first, read from Kafka.",
            "Reads the topic mlcycle.training.runs, so it works while training-service",
            "is down. A line per run: id, model, when it was asked for, trigger, status,",
            "registered version, main metric, duration, and the run a coalesced trigger",
            "was folded into. --run shows one run in full: trigger, snapshot and offsets,",
            "parameters, metrics, gate checks, error."
        },
        footer = {
            "",
            "Examples:",
            "  mlcycle runs",
            "  mlcycle runs --model credit-default --limit 5",
            "  mlcycle runs --run credit-default-20260101T000000Z-1a2b",
            "  mlcycle runs --json | jq -r '.runs[] | select(.status == \"FAILED\") | .error'"
        })
final class RunsCommand implements Callable<Integer> {
    static final int DEFAULT_LIMIT = 50;

    @Option(names = "--model", paramLabel = "NAME", description = "Only the runs of this model.")
    String model;

    @Option(
            names = "--limit",
            paramLabel = "N",
            description = "Show the newest N runs (default: " + DEFAULT_LIMIT + ").")
    Integer limit;

    @Option(names = "--run", paramLabel = "ID", description = "Show this run in full.")
    String run;

    @Option(names = "--json", description = "Print as JSON: {\"runs\": [...]}, or the run itself with --run.")
    boolean json;

    @Mixin
    BootstrapOption kafka;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** A run's latest record and the offset of its first, which orders runs asked for at the same instant. */
    record Seen(TrainingRun run, long firstOffset) {}

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (run != null && (model != null || limit != null)) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "--run shows one run: it excludes --model and --limit");
        }
        if (limit != null && limit < 1) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "--limit: expected a number >= 1, got " + limit);
        }
        if (model != null) {
            try {
                Topics.requireModelName(model);
            } catch (MlcycleException e) {
                throw new MlcycleException(Reason.INVALID_ARGUMENT, "--model: " + e.getMessage());
            }
        }
        String topic = Topics.TRAINING_RUNS;
        Latest latest = new Latest(topic);
        boolean exists = TopicRead.readAll(kafka.bootstrap(), topic, "mlcycle-runs", latest::accept);
        if (latest.skipped > 0) {
            err.println("mlcycle runs: skipped " + latest.skipped + (latest.skipped == 1 ? " record" : " records")
                    + " that " + (latest.skipped == 1 ? "is" : "are") + " not a training run; the first: "
                    + latest.firstSkip);
            err.flush();
        }
        if (run != null) {
            Seen seen = latest.runs.get(run);
            if (seen == null) {
                throw new MlcycleException(
                        Reason.NOT_FOUND,
                        "no run \"" + run + "\" in " + topic
                                + (exists
                                        ? " (" + latest.runs.size() + " runs there; mlcycle runs lists them)"
                                        : ", which does not exist yet; mlcycle up creates it"));
            }
            if (json) {
                out.println(Codecs.TRAINING_RUN.encodePretty(seen.run()));
            } else {
                RunView.detail(seen.run()).forEach(out::println);
            }
            out.flush();
            return 0;
        }
        List<TrainingRun> runs = newestFirst(latest.runs.values(), model);
        int shown = Math.min(runs.size(), limit == null ? DEFAULT_LIMIT : limit);
        if (json) {
            out.println(json(runs.subList(0, shown)));
            out.flush();
            return 0;
        }
        if (!exists) {
            out.println("no training runs: topic " + topic + " does not exist yet; mlcycle up creates it");
        } else if (runs.isEmpty()) {
            out.println("no training runs" + (model == null ? "" : " of model " + model) + " in " + topic
                    + "; start one with: mlcycle train --model " + (model == null ? "NAME" : model));
        } else {
            RunView.listing(runs.subList(0, shown)).forEach(out::println);
            if (shown < runs.size()) {
                out.printf(Locale.ROOT, "showing the newest %,d of %,d; --limit N shows more%n", shown, runs.size());
            }
        }
        out.flush();
        return 0;
    }

    /** The latest record per run id, in the order of the topic. */
    static final class Latest {
        final Map<String, Seen> runs = new LinkedHashMap<>();
        final String topic;
        int skipped;
        String firstSkip;

        Latest(String topic) {
            this.topic = topic;
        }

        void accept(ConsumerRecord<byte[], byte[]> rec) {
            if (rec.value() == null) {
                // A tombstone removes the run it is keyed by.
                if (rec.key() != null) {
                    runs.remove(new String(rec.key(), StandardCharsets.UTF_8));
                }
                return;
            }
            TrainingRun r;
            try {
                r = Codecs.TRAINING_RUN.decode(
                        rec.value(), topic + " partition " + rec.partition() + " offset " + rec.offset());
            } catch (MlcycleException e) {
                skipped++;
                if (firstSkip == null) {
                    firstSkip = e.getMessage();
                }
                return;
            }
            Seen before = runs.get(r.runId());
            runs.put(r.runId(), new Seen(r, before == null ? rec.offset() : before.firstOffset()));
        }
    }

    /** The runs of {@code model} (all when null), newest request first; ties in topic order, later first. */
    static List<TrainingRun> newestFirst(java.util.Collection<Seen> seen, String model) {
        List<Seen> list = new ArrayList<>();
        for (Seen s : seen) {
            if (model == null || s.run().model().equals(model)) {
                list.add(s);
            }
        }
        list.sort(Comparator.comparing((Seen s) -> s.run().trigger().requestedAt())
                .thenComparingLong(Seen::firstOffset)
                .reversed());
        return list.stream().map(Seen::run).toList();
    }

    private static String json(List<TrainingRun> runs) throws JsonProcessingException {
        ObjectNode root = Json.mapper().createObjectNode();
        ArrayNode array = root.putArray("runs");
        for (TrainingRun r : runs) {
            array.add(Json.mapper().valueToTree(r));
        }
        return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }
}
