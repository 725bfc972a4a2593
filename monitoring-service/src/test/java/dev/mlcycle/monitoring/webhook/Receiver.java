package dev.mlcycle.monitoring.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real webhook receiver for tests: the JDK's HTTP server on a port of 127.0.0.1, answering each request as {@code
 * answer} says: a status, or {@link #DROP} to read the request and close the connection without answering (a lost
 * acknowledgement).
 */
final class Receiver implements AutoCloseable {
    /** Answer: close the connection without a response. */
    static final int DROP = -1;

    /** One request as received, and what it was answered. */
    record Request(
            String deliveryKey,
            String idempotencyKey,
            String timestamp,
            String signature,
            String contentType,
            String attempt,
            byte[] body,
            int answered) {}

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    private Receiver(HttpServer server) {
        this.server = server;
    }

    /** A port nobody listens on now. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts listening on {@code port}, path {@code /hook}. */
    static Receiver start(int port, Function<Request, Integer> answer) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        Receiver r = new Receiver(server);
        server.createContext("/hook", ex -> r.handle(ex, answer));
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        return r;
    }

    private void handle(HttpExchange ex, Function<Request, Integer> answer) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        var h = ex.getRequestHeaders();
        Request seen = new Request(
                h.getFirst("X-Mlcycle-Delivery"),
                h.getFirst("Idempotency-Key"),
                h.getFirst("X-Mlcycle-Timestamp"),
                h.getFirst("X-Mlcycle-Signature"),
                h.getFirst("Content-Type"),
                h.getFirst("X-Mlcycle-Attempt"),
                body,
                0);
        int status = answer.apply(seen);
        requests.add(new Request(
                seen.deliveryKey(),
                seen.idempotencyKey(),
                seen.timestamp(),
                seen.signature(),
                seen.contentType(),
                seen.attempt(),
                body,
                status));
        if (status == DROP) {
            ex.close(); // no response headers sent: the server closes the connection
            return;
        }
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    /** The delivery keys of the requests answered 2xx, in the order they came. */
    List<String> acknowledged() {
        return requests.stream()
                .filter(r -> r.answered() >= 200 && r.answered() < 300)
                .map(Request::deliveryKey)
                .toList();
    }

    /** The requests for one key. */
    List<Request> of(String key) {
        return requests.stream().filter(r -> key.equals(r.deliveryKey())).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
