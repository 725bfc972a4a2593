package dev.mlcycle.cli;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

/**
 * A stand-in for a Quarkus service, run by {@link ServiceProcessIT} from a jar of this one class:
 * answers {@code /q/health/ready} on {@code QUARKUS_HTTP_PORT} and behaves as {@code FAKE_MODE} says.
 * Uses lambdas only, so that it stays one class file.
 */
public final class FakeService {
    private FakeService() {}

    public static void main(String[] args) throws Exception {
        String mode = System.getenv().getOrDefault("FAKE_MODE", "ok");
        new TreeMap<>(System.getenv()).forEach((k, v) -> {
            if (k.startsWith("MLCYCLE_") || k.startsWith("QUARKUS_")) {
                System.out.println("env " + k + "=" + v);
            }
        });
        System.out.println("heap " + Runtime.getRuntime().maxMemory());
        System.out.flush();
        if (mode.equals("exit-now")) {
            System.out.println("boom: cannot start");
            System.exit(1);
        }
        if (mode.equals("ignore-term")) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        int port = Integer.parseInt(System.getenv("QUARKUS_HTTP_PORT"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/q/health/ready", exchange -> {
            int status = mode.equals("never-ready") ? 503 : 200;
            byte[] body = ("{\"status\":\"" + (status == 200 ? "UP" : "DOWN") + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            if (mode.equals("crash-after-ready")) {
                System.out.println("crashing on purpose");
                System.out.flush();
                Runtime.getRuntime().halt(3);
            }
        });
        server.start();
        System.out.println("listening on " + port);
        System.out.flush();
        Thread.currentThread().join();
    }
}
