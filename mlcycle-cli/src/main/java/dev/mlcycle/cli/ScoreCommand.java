package dev.mlcycle.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mlcycle score}: starts a batch scoring job on serving-service ({@code POST /v2/batch/jobs}), follows it
 * with a progress bar ({@code GET /v2/batch/jobs/{id}}) and sums it up: rows written, the predictions table, the
 * commit snapshot, or that a rerun added nothing, or the failed data checks. Exits 0 when the job succeeded.
 */
@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Score a lake snapshot in batch: the events of a dataset's snapshot (or a window of",
            "event time) through a model version, written to the table <dataset>.predictions",
            "in one commit. Rerunning the same job adds nothing.",
            "Exit status: 0 succeeded, 1 failed, 2 bad options, 69 serving-service unreachable."
        },
        footer = {
            "",
            "Examples:",
            "  mlcycle score --model credit-default",
            "  mlcycle score --model credit-default --version 3 --snapshot 5120883213212",
            "  mlcycle score --model credit-default --from 2026-01-01T00:00:00Z --to 2026-01-08T00:00:00Z"
        })
final class ScoreCommand implements Callable<Integer> {
    static final String DEFAULT_URL = "http://127.0.0.1:8080";
    static final String URL_ENV = "MLCYCLE_SERVING_URL";
    static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "The model to score with.")
    String model;

    @Option(names = "--version", paramLabel = "N", description = "The model version (default: the champion).")
    Integer version;

    @Option(
            names = "--snapshot",
            paramLabel = "ID",
            description = "The events snapshot to score (default: the current one).")
    Long snapshot;

    @Option(names = "--from", paramLabel = "TIME", description = "Score events at or after this time (ISO-8601).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Score events before this time (ISO-8601).")
    String to;

    @Option(
            names = "--serving-url",
            paramLabel = "URL",
            description = "serving-service (default: $" + URL_ENV + " or " + DEFAULT_URL + ").")
    String url;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description =
                    "Admin token (default: $" + AdminToken.ENV + ", else the file <data-dir>/" + AdminToken.FILE + ").")
    String token;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the admin token is (default: ./data).")
    Path dataDir;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private HttpClient http;
    private URI base;
    private AdminToken admin;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ObjectNode body = requestBody(model, version, snapshot, from, to);
        base = servingUrl(url, System.getenv(URL_ENV));
        admin = AdminToken.resolve(token, System.getenv(AdminToken.ENV), CommonOptions.dataDirPath(dataDir));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        JsonNode job = send(HttpRequest.newBuilder(URI.create(base + "/v2/batch/jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)));
        String id = job.path("id").asText();
        out.println("job " + id + ": " + model + " v" + job.path("version").asInt() + " on "
                + job.path("dataset").asText() + ".events snapshot "
                + job.path("snapshot_id").asLong());
        out.flush();
        PrintStream err = System.err;
        Progress progress = null;
        String path = "/v2/batch/jobs/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        while (!done(job)) {
            if (progress == null && job.hasNonNull("rows_total") && "SCORING".equals(state(job))) {
                progress = new Progress(err, "rows", job.get("rows_total").asLong(), System.console() != null);
            }
            if (progress != null) {
                progress.update(job.path("rows_done").asLong());
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
            job = send(HttpRequest.newBuilder(URI.create(base + path)).GET());
        }
        if (progress != null) {
            progress.finish(job.path("rows_done").asLong());
        }
        for (String line : summary(job)) {
            out.println(line);
        }
        out.flush();
        return "SUCCEEDED".equals(state(job)) ? 0 : Main.EXIT_FAILURE;
    }

    /** The lines that sum up a finished job. */
    static java.util.List<String> summary(JsonNode job) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        String state = state(job);
        if ("SUCCEEDED".equals(state)) {
            if (job.path("added").asBoolean(true)) {
                lines.add(String.format(
                        java.util.Locale.ROOT,
                        "wrote %,d rows to %s in snapshot %d (%,.0f rows/s)",
                        job.path("rows_written").asLong(),
                        job.path("table").asText(),
                        job.path("commit_snapshot_id").asLong(),
                        job.path("rows_per_second").asDouble()));
            } else {
                lines.add("nothing added: job " + job.path("id").asText() + " already wrote "
                        + job.path("rows_written").asLong() + " rows to "
                        + job.path("table").asText()
                        + " in snapshot " + job.path("commit_snapshot_id").asLong());
            }
        } else {
            lines.add("job " + job.path("id").asText() + " failed: "
                    + job.path("error").asText());
            for (JsonNode c : job.path("data_checks").path("checks")) {
                if (!c.path("passed").asBoolean()) {
                    lines.add("  failed check " + c.path("name").asText() + ": "
                            + c.path("detail").asText());
                }
            }
        }
        return lines;
    }

    /** {@code --serving-url}, else {@value #URL_ENV}, else {@value #DEFAULT_URL}, checked as training's URL is. */
    static URI servingUrl(String flag, String env) {
        try {
            return TrainingClient.baseUrl(flag, flag == null && (env == null || env.isBlank()) ? DEFAULT_URL : env);
        } catch (MlcycleException e) {
            throw new MlcycleException(
                    e.reason(),
                    e.getMessage()
                            .replace("--training-url", "--serving-url")
                            .replace(TrainingClient.URL_ENV, URL_ENV)
                            .replace(TrainingClient.DEFAULT_URL, DEFAULT_URL));
        }
    }

    private static String state(JsonNode job) {
        return job.path("state").asText();
    }

    private static boolean done(JsonNode job) {
        String s = state(job);
        return s.equals("SUCCEEDED") || s.equals("FAILED");
    }

    /** The body of {@code POST /v2/batch/jobs}; checks the options first. */
    static ObjectNode requestBody(String model, Integer version, Long snapshot, String from, String to) {
        try {
            Topics.requireModelName(model);
        } catch (MlcycleException e) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "--model: " + e.getMessage());
        }
        if (version != null && version < 1) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "--version: expected a version >= 1, got " + version);
        }
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("model", model);
        if (version != null) {
            body.put("version", version);
        }
        if (snapshot != null) {
            body.put("snapshot_id", snapshot);
        }
        Instant f = instant("--from", from);
        Instant t = instant("--to", to);
        if (f != null && t != null && !f.isBefore(t)) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "--from " + from + " must be before --to " + to + " (--to is exclusive)");
        }
        if (f != null) {
            body.put("from", f.toString());
        }
        if (t != null) {
            body.put("to", t.toString());
        }
        return body;
    }

    private static Instant instant(String option, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    option + ": expected an ISO-8601 instant like 2026-01-01T00:00:00Z, got \"" + value + "\"");
        }
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = http.send(
                    request.header("Authorization", "Bearer " + admin.value())
                            .timeout(Duration.ofSeconds(60))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new MlcycleException(
                    Reason.UNAVAILABLE,
                    "no answer from serving-service at " + base + " (connection refused); is it running? Start it"
                            + " with `mlcycle up`, or point --serving-url (or " + URL_ENV + ") at it",
                    e);
        } catch (IOException e) {
            throw new MlcycleException(Reason.UNAVAILABLE, "serving-service at " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlcycleException(Reason.UNAVAILABLE, "interrupted while calling serving-service", e);
        }
        JsonNode json;
        try {
            json = Json.mapper().readTree(response.body());
        } catch (JsonProcessingException e) {
            json = null;
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300 && json != null) {
            return json;
        }
        String message = json != null && json.hasNonNull("error")
                ? json.get("error").asText()
                : "serving-service at " + base + " answered HTTP " + status + ": " + Text.cut(response.body(), 200);
        Reason reason = Reason.INTERNAL;
        if (json != null && json.hasNonNull("reason")) {
            try {
                reason = Reason.valueOf(json.get("reason").asText());
            } catch (IllegalArgumentException ignored) {
                // keep INTERNAL
            }
        } else if (status == 400) {
            reason = Reason.INVALID_ARGUMENT;
        } else if (status == 401) {
            reason = Reason.UNAUTHORIZED;
        } else if (status == 404) {
            reason = Reason.NOT_FOUND;
        }
        throw new MlcycleException(reason, message);
    }
}
