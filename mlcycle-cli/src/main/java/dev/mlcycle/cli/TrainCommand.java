package dev.mlcycle.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.record.TrainingRun;
import dev.mlcycle.contracts.record.TrainingRun.RunStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mlcycle train}: asks training-service for a run ({@code POST /training/runs}) and follows it
 * by polling {@code GET /training/runs/{id}}, showing each phase and its progress, then sums it up:
 * status, registered version and alias, key metrics with their intervals, and the evidence of a
 * rejection (the gate's checks) or a failure (the error and the data report's failed checks). Exits 0
 * when the run succeeded, 1 when it was rejected or failed.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Train a model now: ask training-service for a run and follow it to the end.",
            "Shows each phase with its progress, then the outcome: the registered version",
            "and its alias, the key metrics with their bootstrap intervals, and for a",
            "rejected candidate the gate's checks, for a failed run the error and the",
            "failed data checks. Ctrl-C stops following, not the run.",
            "Exit status: 0 succeeded, 1 rejected or failed (or a run of the model is",
            "already in flight), 2 bad options, 69 training-service unreachable."
        },
        footer = {
            "",
            "Algorithms: " + TrainCommand.ALGORITHM_LIST,
            "",
            "Examples:",
            "  mlcycle train --model credit-default",
            "  mlcycle train --model credit-default --algorithm xgboost --param max-depth=3 \\",
            "      --param trees=200 --seed 7 --reason \"deeper trees after the income fix\"",
            "  mlcycle train --model credit-default --no-wait --json | jq -r .run_id"
        })
final class TrainCommand implements Callable<Integer> {
    /** The algorithms training-service knows. */
    static final List<String> ALGORITHMS =
            List.of("logistic-regression", "xgboost", "cart", "random-forest", "linear-regression");

    static final String ALGORITHM_LIST = "logistic-regression, xgboost, cart, random-forest, linear-regression";

    /** How often the run is polled. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    /** How long polls may fail in a row before following gives up. */
    static final Duration LOST_AFTER = Duration.ofSeconds(30);

    private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    @Option(
            names = "--model",
            required = true,
            paramLabel = "NAME",
            description = "The model to train, e.g. credit-default.")
    String model;

    @Option(
            names = "--algorithm",
            paramLabel = "ALGORITHM",
            description = "Train with this algorithm instead of the model's configured one.")
    String algorithm;

    @Option(
            names = "--param",
            paramLabel = "NAME=VALUE",
            description = "A hyper-parameter of the algorithm, e.g. max-depth=3; repeat for more.")
    List<String> params;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed (default: the model's configured one).")
    Long seed;

    @Option(
            names = "--snapshot",
            paramLabel = "ID",
            description = "Train on this lake snapshot of the events table (default: the current one). `mlcycle"
                    + " runs --run ID` and `mlcycle models` show the snapshots a run or a version read.")
    Long snapshot;

    @Option(
            names = "--labels-snapshot",
            paramLabel = "ID",
            description = "Join the labels of this lake snapshot of the labels table (default: the current one)."
                    + " Give both snapshots to read exactly the rows of an earlier run.")
    Long labelsSnapshot;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the run's record and the audit trail.")
    String reason;

    @Option(names = "--no-wait", description = "Print the queued run's id and return without following it.")
    boolean noWait;

    @Option(
            names = "--json",
            description = "Print the run as JSON (the final one, or the queued one with --no-wait); the progress goes"
                    + " to stderr.")
    boolean json;

    @Mixin
    TrainingOptions training;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter notes = json ? err : out;
        ObjectNode body = requestBody(model, algorithm, parseParams(params), seed, snapshot, labelsSnapshot, reason);
        TrainingClient client = training.adminClient();

        JsonNode answer;
        try {
            answer = client.post("/training/runs", body);
        } catch (MlcycleException e) {
            if (e.reason() == Reason.CONFLICT) {
                err.println("mlcycle train: " + conflict(client, model, e.getMessage()));
                err.flush();
                return Main.EXIT_FAILURE;
            }
            throw e;
        }
        TrainingRun run = decodeRun(answer, client);
        if (noWait) {
            if (json) {
                out.println(pretty(answer));
            } else {
                out.println(run.runId());
                err.println("run " + run.runId() + " of " + run.model() + " is "
                        + run.status().name().toLowerCase(Locale.ROOT) + "; follow it with: mlcycle runs --run "
                        + run.runId());
            }
            out.flush();
            err.flush();
            return 0;
        }
        if (run.status() == RunStatus.COALESCED) {
            notes.println(
                    "run " + run.runId() + " was folded into run " + run.coalescedInto() + "; following that one");
            answer = client.get("/training/runs/" + TrainingClient.segment(run.coalescedInto()));
            run = decodeRun(answer, client);
        }
        notes.println("run " + run.runId() + " of " + run.model() + " "
                + run.status().name().toLowerCase(Locale.ROOT) + " (Ctrl-C stops following, not the run)");
        notes.flush();

        JsonNode last = follow(client, answer, notes);
        TrainingRun done = decodeRun(last, client);
        if (json) {
            out.println(pretty(last));
        } else {
            ModelRecord record = done.status() == RunStatus.SUCCEEDED ? modelAfter(client, done.model()) : null;
            JsonNode report = done.status() == RunStatus.FAILED ? reportOf(client, done.runId()) : null;
            out.println();
            for (String line : RunView.summary(done, record, report)) {
                out.println(line);
            }
        }
        out.flush();
        return done.status() == RunStatus.SUCCEEDED ? 0 : Main.EXIT_FAILURE;
    }

    /** Polls the run until it ends, showing its phases; gives up when the service is gone for a while. */
    private JsonNode follow(TrainingClient client, JsonNode first, PrintWriter notes) throws InterruptedException {
        boolean terminal = !json && System.console() != null;
        long start = System.nanoTime();
        PhaseView view = new PhaseView(notes, terminal, start);
        JsonNode current = first;
        String id = current.path("run_id").asText();
        String path = "/training/runs/" + TrainingClient.segment(id);
        long lastAnswer = System.nanoTime();
        while (true) {
            RunStatus status = statusOf(current);
            if (status.terminal()) {
                view.end(System.nanoTime());
                return current;
            }
            JsonNode progress = current.get("progress");
            view.update(status.name(), progress, System.nanoTime());
            Thread.sleep(POLL_INTERVAL.toMillis());
            try {
                current = client.get(path);
                lastAnswer = System.nanoTime();
            } catch (MlcycleException e) {
                if (e.reason() != Reason.UNAVAILABLE) {
                    throw e;
                }
                if (System.nanoTime() - lastAnswer > LOST_AFTER.toNanos()) {
                    view.end(System.nanoTime());
                    throw new MlcycleException(
                            Reason.UNAVAILABLE,
                            "lost training-service while following run " + id + " (" + e.getMessage() + "); the run"
                                    + " may still be going: `mlcycle runs --run " + id + "` reads it from Kafka",
                            e);
                }
            }
        }
    }

    private static RunStatus statusOf(JsonNode run) {
        String s = run.path("status").asText("");
        try {
            return RunStatus.valueOf(s);
        } catch (IllegalArgumentException e) {
            throw new MlcycleException(
                    Reason.INTERNAL,
                    "training-service answered a run with status \"" + s + "\": expected one of "
                            + java.util.Arrays.toString(RunStatus.values()));
        }
    }

    /** The model's record after a successful run, to name the new version's alias; null when unknown. */
    private static ModelRecord modelAfter(TrainingClient client, String model) {
        try {
            JsonNode node = client.get("/models/" + TrainingClient.segment(model));
            return Codecs.MODEL_RECORD.decode(node.toString(), "training-service GET /models/" + model);
        } catch (MlcycleException e) {
            return null;
        }
    }

    /** The run's data report, or null when it has none (it failed before checking data). */
    private static JsonNode reportOf(TrainingClient client, String runId) {
        try {
            return client.get("/training/runs/" + TrainingClient.segment(runId) + "/report");
        } catch (MlcycleException e) {
            return null;
        }
    }

    /**
     * Says which run holds the model: the in-flight run from the service's list, else the service's
     * own message (which names it too).
     */
    static String conflict(TrainingClient client, String model, String message) {
        try {
            JsonNode list = client.get("/training/runs?model=" + TrainingClient.segment(model) + "&limit=20");
            for (JsonNode r : list.path("runs")) {
                String status = r.path("status").asText();
                if (status.equals("QUEUED") || status.equals("RUNNING")) {
                    String id = r.path("run_id").asText();
                    return "model " + model + " is already training in run " + id + " ("
                            + status.toLowerCase(Locale.ROOT) + "); wait for it: mlcycle runs --run " + id;
                }
            }
        } catch (MlcycleException ignored) {
            // the service's message says it
        }
        return message;
    }

    private static TrainingRun decodeRun(JsonNode node, TrainingClient client) {
        return Codecs.TRAINING_RUN.decode(node.toString(), "training-service at " + client.base());
    }

    private static String pretty(JsonNode node) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new MlcycleException(Reason.INTERNAL, "cannot write the run as JSON", e);
        }
    }

    /** The body of {@code POST /training/runs}; checks the model name and the algorithm first. */
    static ObjectNode requestBody(
            String model,
            String algorithm,
            Map<String, String> params,
            Long seed,
            Long snapshot,
            Long labelsSnapshot,
            String reason) {
        try {
            Topics.requireModelName(model);
        } catch (MlcycleException e) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "--model: " + e.getMessage());
        }
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("model", model);
        if (algorithm != null) {
            String a = algorithm.strip().toLowerCase(Locale.ROOT);
            if (!ALGORITHMS.contains(a)) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT,
                        "--algorithm: expected one of " + ALGORITHM_LIST + ", got \"" + algorithm + "\"");
            }
            body.put("algorithm", a);
        }
        if (!params.isEmpty()) {
            ObjectNode p = body.putObject("params");
            params.forEach(p::put);
        }
        if (seed != null) {
            body.put("seed", seed);
        }
        if (snapshot != null) {
            body.put("snapshot_id", snapshot);
        }
        if (labelsSnapshot != null) {
            body.put("labels_snapshot_id", labelsSnapshot);
        }
        if (reason != null && !reason.isBlank()) {
            body.put("reason", reason.strip());
        }
        return body;
    }

    /**
     * The {@code --param NAME=VALUE} values, in the order given.
     *
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} for a value without {@code =}, an empty
     *     or odd name, an empty value, or a name given twice
     */
    static Map<String, String> parseParams(List<String> values) {
        Map<String, String> params = new LinkedHashMap<>();
        if (values == null) {
            return params;
        }
        for (String v : values) {
            int eq = v.indexOf('=');
            if (eq < 0) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT, "--param \"" + v + "\": expected NAME=VALUE, like max-depth=3");
            }
            String name = v.substring(0, eq).strip();
            String value = v.substring(eq + 1).strip();
            if (name.isEmpty()) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT,
                        "--param \"" + v + "\": expected a name before \"=\", like max-depth=3");
            }
            if (!PARAM_NAME.matcher(name).matches()) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT,
                        "--param \"" + v + "\": expected a name of letters, digits, \".\", \"_\" and \"-\", got \""
                                + name + "\"");
            }
            if (value.isEmpty()) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT,
                        "--param \"" + v + "\": expected a value after \"=\", like " + name + "=3");
            }
            if (params.containsKey(name)) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT,
                        "--param " + name + " given twice (" + params.get(name) + " and " + value
                                + "): expected it once");
            }
            params.put(name, value);
        }
        return params;
    }
}
