package dev.mlcycle.monitoring.resource;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcycle.contracts.json.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/**
 * Debian's chromium, headless, for tests: {@link #dumpDom} runs {@code chromium --headless=new --dump-dom URL} and
 * returns the DOM the browser built; {@link #open} starts it with a DevTools port and drives the page over the Chrome
 * DevTools Protocol (a WebSocket) to measure elements and take screenshots. Every wait is bounded; {@link
 * Page#close()} ends the process it started.
 */
final class HeadlessChromium {
    static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final Path executable;
    private final Path workDir;

    private HeadlessChromium(Path executable, Path workDir) {
        this.executable = executable;
        this.workDir = workDir;
    }

    /** The browser on the PATH ({@code chromium}, then {@code chromium-browser}), if there is one. */
    static Optional<HeadlessChromium> find(Path workDir) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(new HeadlessChromium(p, workDir));
                }
            }
        }
        return Optional.empty();
    }

    private List<String> command(Path profile, String... more) {
        List<String> c = new ArrayList<>(List.of(
                executable.toString(),
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--force-device-scale-factor=1",
                "--hide-scrollbars",
                "--user-data-dir=" + profile));
        c.addAll(List.of(more));
        return c;
    }

    /** The DOM chromium built from the page at {@code url}, serialized. */
    String dumpDom(String url) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(workDir, "chromium-dom-");
        Path out = workDir.resolve(profile.getFileName() + ".html");
        Path err = workDir.resolve(profile.getFileName() + ".log");
        Process p = new ProcessBuilder(command(profile, "--dump-dom", url))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        try {
            if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("chromium --dump-dom " + url + " did not finish within " + TIMEOUT);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("chromium --dump-dom exited with " + p.exitValue() + ": "
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            p.destroyForcibly();
        }
    }

    /** Opens {@code url} in a window of the given size and connects to it over the DevTools protocol. */
    Page open(String url, int width, int height) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(workDir, "chromium-cdp-");
        Path log = workDir.resolve(profile.getFileName() + ".log");
        Process p = new ProcessBuilder(command(
                        profile,
                        "--remote-debugging-address=127.0.0.1",
                        "--remote-debugging-port=0",
                        "--remote-allow-origins=*",
                        "--window-size=" + width + "," + height,
                        url))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            // chromium writes the port it took to DevToolsActivePort in its profile once it listens
            Path portFile = profile.resolve("DevToolsActivePort");
            await().atMost(TIMEOUT)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> Files.exists(portFile)
                            && Files.readAllLines(portFile).size() >= 1);
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            String[] ws = new String[1];
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
                HttpResponse<String> list = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                for (JsonNode t : Json.mapper().readTree(list.body())) {
                    if ("page".equals(t.path("type").asText())
                            && t.path("url").asText().startsWith(url)) {
                        ws[0] = t.path("webSocketDebuggerUrl").asText();
                        return true;
                    }
                }
                return false;
            });
            Page page = new Page(p, http, ws[0]);
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> "complete"
                    .equals(page.evaluate("document.readyState").asText()));
            return page;
        } catch (RuntimeException | IOException e) {
            p.destroyForcibly();
            throw new IllegalStateException(
                    "chromium did not open " + url + ": " + e + "; its log: " + Files.readString(log), e);
        }
    }

    /** A page driven over the DevTools protocol. */
    static final class Page implements AutoCloseable {
        private final Process process;
        private final WebSocket socket;
        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

        private Page(Process process, HttpClient http, String wsUrl) {
            this.process = process;
            this.socket = http.newWebSocketBuilder()
                    .buildAsync(URI.create(wsUrl), new Listener())
                    .orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    .join();
        }

        /** Sends a DevTools command and waits for its result. */
        JsonNode call(String method, ObjectNode params) {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            pending.put(id, answer);
            ObjectNode msg = Json.mapper().createObjectNode();
            msg.put("id", id);
            msg.put("method", method);
            msg.set("params", params == null ? Json.mapper().createObjectNode() : params);
            socket.sendText(msg.toString(), true)
                    .orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    .join();
            JsonNode reply =
                    answer.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
            if (reply.has("error")) {
                throw new IllegalStateException(method + " failed: " + reply.get("error"));
            }
            return reply.get("result");
        }

        /** The value of a JavaScript expression evaluated in the page (by the test; the page itself has none). */
        JsonNode evaluate(String expression) {
            ObjectNode params = Json.mapper().createObjectNode();
            params.put("expression", expression);
            params.put("returnByValue", true);
            JsonNode result = call("Runtime.evaluate", params);
            if (result.has("exceptionDetails")) {
                throw new IllegalStateException(expression + " threw: " + result.get("exceptionDetails"));
            }
            return result.path("result").path("value");
        }

        /** A screenshot of a region of the page, in CSS pixels from the top left of the document. */
        BufferedImage screenshot(double x, double y, double width, double height) throws IOException {
            ObjectNode clip = Json.mapper().createObjectNode();
            clip.put("x", x);
            clip.put("y", y);
            clip.put("width", width);
            clip.put("height", height);
            clip.put("scale", 1);
            ObjectNode params = Json.mapper().createObjectNode();
            params.put("format", "png");
            params.put("captureBeyondViewport", true);
            params.set("clip", clip);
            byte[] png = Base64.getDecoder()
                    .decode(call("Page.captureScreenshot", params).get("data").asText());
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            if (image == null) {
                throw new IOException("chromium's screenshot is not a PNG (" + png.length + " bytes)");
            }
            return image;
        }

        @Override
        public void close() {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS);
            } catch (RuntimeException e) {
                // the process goes anyway
            }
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }

        private final class Listener implements WebSocket.Listener {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    String message = text.toString();
                    text.setLength(0);
                    try {
                        JsonNode json = Json.mapper().readTree(message);
                        if (json.has("id")) {
                            CompletableFuture<JsonNode> f =
                                    pending.remove(json.get("id").asInt());
                            if (f != null) {
                                f.complete(json);
                            }
                        }
                    } catch (IOException e) {
                        pending.values().forEach(f -> f.completeExceptionally(e));
                    }
                }
                ws.request(1);
                return null;
            }
        }
    }
}
