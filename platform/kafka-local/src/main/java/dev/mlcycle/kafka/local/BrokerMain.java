package dev.mlcycle.kafka.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

/**
 * The entry point of a child broker JVM: {@code BrokerMain [--watch-stdin] <server.properties>}.
 *
 * <p>Formats the log directory if it is not formatted yet, starts the broker and runs until it is
 * stopped. SIGTERM (and any other JVM exit) shuts the broker down cleanly through a shutdown hook. With
 * {@code --watch-stdin} it also exits when its standard input reaches end-of-file: {@link LocalKafka}
 * keeps that pipe open, so the broker dies with the JVM that started it, however that JVM ends.
 */
public final class BrokerMain {
    /** Exit on end-of-file of standard input, i.e. when the parent process is gone. */
    public static final String WATCH_STDIN = "--watch-stdin";

    private BrokerMain() {}

    public static void main(String[] args) {
        boolean watchStdin = false;
        Path propertiesFile = null;
        for (String arg : args) {
            if (arg.equals(WATCH_STDIN)) {
                watchStdin = true;
            } else if (propertiesFile == null && !arg.startsWith("-")) {
                propertiesFile = Path.of(arg);
            } else {
                usage("unexpected argument " + arg);
            }
        }
        if (propertiesFile == null || !Files.isRegularFile(propertiesFile)) {
            usage(propertiesFile == null ? "no properties file given" : "no such file: " + propertiesFile);
        }
        Instant begin = Instant.now();
        KafkaRaftServer server;
        try {
            Properties props = BrokerSetup.readProperties(propertiesFile);
            if (BrokerSetup.formatIfNeeded(propertiesFile, props)) {
                log("formatted " + BrokerSetup.logDir(props));
            }
            server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server), "mlcycle-broker-shutdown"));
            server.startup();
        } catch (Throwable t) {
            log("broker failed to start: " + t);
            t.printStackTrace(System.out);
            System.out.flush();
            // Runs the shutdown hook, which stops whatever part of the broker did start.
            System.exit(1);
            return;
        }
        log("broker started in " + Duration.between(begin, Instant.now()).toMillis() + " ms, pid "
                + ProcessHandle.current().pid());
        if (watchStdin) {
            Thread watcher = new Thread(BrokerMain::exitOnStdinEof, "mlcycle-broker-parent-watch");
            watcher.setDaemon(true);
            watcher.start();
        }
        server.awaitShutdown();
        log("broker stopped");
    }

    private static void exitOnStdinEof() {
        byte[] buffer = new byte[256];
        try (InputStream in = System.in) {
            while (in.read(buffer) != -1) {
                // Nothing is ever sent; we only wait for the pipe to close.
            }
        } catch (IOException e) {
            log("standard input failed (" + e.getMessage() + "); taking it as the parent being gone");
        }
        log("parent process is gone (end of standard input); stopping the broker");
        System.exit(0);
    }

    private static void stop(KafkaRaftServer server) {
        log("stopping the broker");
        server.shutdown();
        server.awaitShutdown();
        log("broker shut down");
    }

    private static void usage(String problem) {
        System.err.println("BrokerMain: " + problem);
        System.err.println("usage: java -cp <class path> " + BrokerMain.class.getName() + " [" + WATCH_STDIN
                + "] <server.properties>");
        System.exit(2);
    }

    private static void log(String message) {
        System.out.println("[" + Instant.now() + "] mlcycle BrokerMain: " + message);
        System.out.flush();
    }
}
