package dev.mlcycle.kafka.local;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The broker's two ports, and their record in {@code <dataDir>/local-kafka.properties}: ports picked
 * on a first start are reused by every later start on the same directory unless others are asked for.
 */
record BrokerPorts(int broker, int controller) {
    static final String FILE = "local-kafka.properties";
    private static final String BROKER_KEY = "broker.port";
    private static final String CONTROLLER_KEY = "controller.port";

    /**
     * The ports to start with: those asked for, else those recorded in the data dir, else free ones.
     * Checks that each can be bound and records the result.
     *
     * @throws MlcycleException {@link Reason#UNAVAILABLE} naming the port when one is taken
     */
    static BrokerPorts resolve(Path dataDir, int requestedBroker, int requestedController) {
        BrokerPorts recorded = read(dataDir);
        int broker = requestedBroker != 0 ? requestedBroker : recorded != null ? recorded.broker() : 0;
        int controller = requestedController != 0 ? requestedController : recorded != null ? recorded.controller() : 0;
        String origin = "recorded in " + dataDir.resolve(FILE) + " by an earlier start";
        if (broker != 0) {
            requireFree(broker, "broker", requestedBroker != 0 ? "asked for" : origin);
        } else {
            broker = freePort(-1);
        }
        if (controller != 0) {
            requireFree(controller, "controller", requestedController != 0 ? "asked for" : origin);
        } else {
            controller = freePort(broker);
        }
        if (broker == controller) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "broker and controller ports must differ, both are " + broker);
        }
        BrokerPorts ports = new BrokerPorts(broker, controller);
        ports.write(dataDir);
        return ports;
    }

    static BrokerPorts read(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            return null;
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
            return new BrokerPorts(
                    Integer.parseInt(props.getProperty(BROKER_KEY, "0").trim()),
                    Integer.parseInt(props.getProperty(CONTROLLER_KEY, "0").trim()));
        } catch (IOException | NumberFormatException e) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    file + ": expected " + BROKER_KEY + " and " + CONTROLLER_KEY + " as port numbers: " + e,
                    e);
        }
    }

    void write(Path dataDir) {
        Properties props = new Properties();
        props.setProperty(BROKER_KEY, Integer.toString(broker));
        props.setProperty(CONTROLLER_KEY, Integer.toString(controller));
        Path file = dataDir.resolve(FILE);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(out, "ports of the local Kafka broker; reused by the next start on this directory");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Fails with a message naming the port when something already listens on it. */
    static void requireFree(int port, String which, String origin) {
        try (ServerSocket socket = new ServerSocket()) {
            // As Kafka's acceptor does, so a port in TIME_WAIT after a clean stop counts as free.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(loopback(), port));
        } catch (IOException e) {
            throw new MlcycleException(
                    Reason.UNAVAILABLE,
                    "cannot start the Kafka broker: " + which + " port " + port + " (" + origin + ") on "
                            + BrokerSetup.HOST + " is already in use (" + e.getMessage()
                            + "); stop what holds it, or choose another port (0 picks a free one)");
        }
    }

    private static int freePort(int not) {
        for (int attempt = 0; attempt < 10; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, loopback())) {
                int port = socket.getLocalPort();
                if (port != not) {
                    return port;
                }
            } catch (IOException e) {
                throw new MlcycleException(Reason.UNAVAILABLE, "cannot find a free port on " + BrokerSetup.HOST, e);
            }
        }
        throw new MlcycleException(Reason.UNAVAILABLE, "cannot find a free port on " + BrokerSetup.HOST);
    }

    private static InetAddress loopback() throws IOException {
        return InetAddress.getByName(BrokerSetup.HOST);
    }
}
