package dev.mlcycle.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.json.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * The CLI's one HTTP client of an mlcycle service: GET and POST of JSON, nothing else. A 2xx answer comes back as its
 * JSON; any other answer becomes an {@link MlcycleException} with the service's own reason and message (training's
 * body is {@code {"reason": "CONFLICT", "message": "..."}}, an Open Inference Protocol server's {@code {"error":
 * "..."}}); a service that does not answer becomes {@link Reason#UNAVAILABLE} saying how to start it or point the CLI
 * at it.
 */
class ServiceClient {
    /** The header naming the person behind an admin call, for the registry's audit trail. */
    static final String ACTOR_HEADER = "X-Mlcycle-Actor";

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Which service a client calls and how the user points the CLI at it.
     *
     * @param name the service's name in messages, e.g. {@code training-service}
     * @param urlOption the option that sets its URL, e.g. {@code --training-url}
     * @param urlEnv the environment variable that sets it
     * @param defaultUrl where {@code mlcycle up} starts it
     */
    record Service(String name, String urlOption, String urlEnv, String defaultUrl) {}

    private final Service service;
    private final URI base;
    private final AdminToken token;
    private final String actor;
    private final HttpClient http;

    /**
     * @param base the service's base URL, as {@link #baseUrl} checks it
     * @param token the admin token for admin POSTs, or null for a client that makes none
     * @param actor the person behind admin calls, or null
     */
    ServiceClient(Service service, URI base, AdminToken token, String actor) {
        this.service = service;
        this.base = base;
        this.token = token;
        this.actor = actor;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    URI base() {
        return base;
    }

    /** GETs a path such as {@code /training/runs/r-1} and returns the answer's JSON. */
    JsonNode get(String path) {
        return send("GET", path, HttpRequest.newBuilder(uri(path)).GET());
    }

    /** POSTs a JSON body with the admin token and the actor header, and returns the answer's JSON. */
    JsonNode post(String path, JsonNode body) {
        if (token == null) {
            throw new MlcycleException(Reason.INTERNAL, "POST " + path + " needs the admin token");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token.value())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (actor != null && !actor.isBlank()) {
            request.header(ACTOR_HEADER, actor);
        }
        return send("POST", path, request);
    }

    /** POSTs a JSON body without credentials (an inference request) and returns the answer's JSON. */
    JsonNode postJson(String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        return send("POST", path, request);
    }

    /**
     * An answer of any status: its status, its JSON (or null when the body is not JSON), its raw body, and the wait
     * its {@code Retry-After} header asks for (a 429's), if it sent one.
     */
    record Exchange(int status, JsonNode json, String body, Optional<Duration> retryAfter) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /**
     * POSTs a JSON body without credentials (an inference request) and returns the answer whatever its status, so
     * that the caller can retry a 429 after its {@code Retry-After} and count refusals; {@link #refused} turns a
     * non-2xx answer into the service's error. Only a service that does not answer throws ({@link
     * Reason#UNAVAILABLE}).
     */
    Exchange exchangeJson(String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        HttpResponse<String> response = call("POST", path, request);
        return new Exchange(
                response.statusCode(),
                parse(response.body()),
                response.body(),
                response.headers().firstValue("Retry-After").flatMap(ServiceClient::retryAfter));
    }

    /**
     * A {@code Retry-After} value: delay-seconds, or an HTTP-date (RFC 9110 10.2.3) as the wait from now; empty when
     * it is neither.
     */
    static Optional<Duration> retryAfter(String value) {
        String v = value.strip();
        if (v.matches("[0-9]{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(Instant.now(), at.toInstant());
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private JsonNode send(String method, String path, HttpRequest.Builder request) {
        HttpResponse<String> response = call(method, path, request);
        int status = response.statusCode();
        JsonNode json = parse(response.body());
        if (status >= 200 && status < 300) {
            if (json == null) {
                throw new MlcycleException(
                        Reason.INTERNAL,
                        service.name() + " at " + base + " answered " + method + " " + path + " with HTTP " + status
                                + " but not with JSON: " + Text.cut(response.body(), 200));
            }
            return json;
        }
        throw refused(method, path, status, json, response.body());
    }

    private HttpResponse<String> call(String method, String path, HttpRequest.Builder request) {
        try {
            return http.send(
                    request.timeout(REQUEST_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw unreachable(
                    e instanceof HttpConnectTimeoutException ? "no connection within 5 s" : "connection refused", e);
        } catch (HttpTimeoutException e) {
            throw unreachable(
                    "no answer to " + method + " " + path + " within " + REQUEST_TIMEOUT.toSeconds() + " s", e);
        } catch (IOException e) {
            throw unreachable(String.valueOf(e.getMessage() == null ? e : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlcycleException(
                    Reason.UNAVAILABLE, "interrupted while calling " + service.name() + " at " + base, e);
        }
    }

    /** The error of a non-2xx answer: the service's reason and message (or OIP error) when it sent them. */
    MlcycleException refused(String method, String path, int status, JsonNode json, String body) {
        Reason reason = reasonOf(json, status);
        String message = null;
        if (json != null && json.hasNonNull("message")) {
            message = json.get("message").asText();
        } else if (json != null && json.hasNonNull("error")) {
            message = json.get("error").asText();
        }
        if (message == null || message.isBlank()) {
            message = service.name() + " at " + base + " answered " + method + " " + path + " with HTTP " + status
                    + (body == null || body.isBlank() ? "" : ": " + Text.cut(body.strip(), 200));
        }
        if (reason == Reason.UNAUTHORIZED && token != null) {
            message += " (the token sent came from " + token.source() + ")";
        }
        return new MlcycleException(reason, message);
    }

    private static Reason reasonOf(JsonNode json, int status) {
        if (json != null && json.hasNonNull("reason")) {
            try {
                return Reason.valueOf(json.get("reason").asText().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                // a reason this CLI does not know yet: fall back to the status
            }
        }
        return switch (status) {
            case 400 -> Reason.INVALID_ARGUMENT;
            case 401, 403 -> Reason.UNAUTHORIZED;
            case 404 -> Reason.NOT_FOUND;
            case 409 -> Reason.CONFLICT;
            case 413 -> Reason.PAYLOAD_TOO_LARGE;
            case 422 -> Reason.INVALID_RECORD;
            case 429 -> Reason.OVERLOADED;
            case 503 -> Reason.UNAVAILABLE;
            case 504 -> Reason.DEADLINE_EXCEEDED;
            default -> Reason.INTERNAL;
        };
    }

    private MlcycleException unreachable(String what, Exception cause) {
        return new MlcycleException(
                Reason.UNAVAILABLE,
                "no answer from " + service.name() + " at " + base + " (" + what + "); is it running? Start it with"
                        + " `mlcycle up`, or point " + service.urlOption() + " (or " + service.urlEnv() + ") at it",
                cause);
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    /** One path segment (a model name, a run id) percent-encoded. */
    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * The service's base URL: the option's value, else its environment variable, else its default; an http(s) URL
     * with a host, a trailing slash dropped.
     *
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} for anything else
     */
    static URI baseUrl(Service service, String flag, String env) {
        String option = flag != null ? service.urlOption() : service.urlEnv();
        String value = flag != null ? flag : env;
        if (value == null || (flag == null && value.isBlank())) {
            return URI.create(service.defaultUrl());
        }
        String v = value.strip();
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(v);
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        if (uri == null
                || uri.getScheme() == null
                || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
                || uri.getHost() == null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    option + ": expected an http(s) URL like " + service.defaultUrl() + ", got \"" + value + "\"");
        }
        return uri;
    }

    /** Who calls, for the audit trail: {@code $USER}, else the JVM's user name. */
    static String actor(String userEnv) {
        if (userEnv != null && !userEnv.isBlank()) {
            return userEnv.strip();
        }
        String name = System.getProperty("user.name");
        return name == null || name.isBlank() ? null : name;
    }
}
