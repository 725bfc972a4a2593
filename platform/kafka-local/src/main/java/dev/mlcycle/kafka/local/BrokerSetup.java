package dev.mlcycle.kafka.local;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/** The broker config of a single-node KRaft cluster on 127.0.0.1, and the one-time format of its log dir. */
final class BrokerSetup {
    static final String HOST = "127.0.0.1";
    static final String PROPERTIES_FILE = "server.properties";
    static final String LOG_DIR = "kraft-logs";
    static final String META_PROPERTIES = "meta.properties";

    private BrokerSetup() {}

    /**
     * The defaults for one node that is broker and controller: replication factor 1 and min ISR 1 for
     * every internal topic (so transactions and idempotent producers work), no initial rebalance delay,
     * few partitions for the internal topics so the first consumer group and transaction start fast.
     * {@code extra} overrides any of them.
     */
    static Properties brokerProperties(Path dataDir, BrokerPorts ports, Map<String, String> extra) {
        Map<String, String> p = new TreeMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + HOST + ":" + ports.controller());
        p.put(
                "listeners",
                "PLAINTEXT://" + HOST + ":" + ports.broker() + ",CONTROLLER://" + HOST + ":" + ports.controller());
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + ports.broker());
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("log.dirs", dataDir.resolve(LOG_DIR).toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.putAll(extra);
        Properties props = new Properties();
        props.putAll(p);
        return props;
    }

    /** Writes {@code <dataDir>/server.properties} and returns its path. */
    static Path writeProperties(Path dataDir, Properties props) {
        Path file = dataDir.resolve(PROPERTIES_FILE);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(out, "written by mlcycle LocalKafka at each start; edits are overwritten");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    static Properties readProperties(Path file) {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "cannot read broker properties " + file + ": " + e, e);
        }
        return props;
    }

    static Path logDir(Properties props) {
        String dirs = props.getProperty("log.dirs");
        if (dirs == null || dirs.isBlank() || dirs.contains(",")) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "log.dirs: expected exactly one directory, got " + dirs);
        }
        return Path.of(dirs.trim());
    }

    /** True when the log directory holds {@code meta.properties}, i.e. was formatted before. */
    static boolean isFormatted(Properties props) {
        return Files.exists(logDir(props).resolve(META_PROPERTIES));
    }

    /**
     * Formats the log directory with a new cluster id, unless it is formatted already: a restart on the
     * same directory keeps its cluster, topics and records.
     *
     * @return true when this call formatted it
     */
    static boolean formatIfNeeded(Path propertiesFile, Properties props) {
        if (isFormatted(props)) {
            return false;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            status = StorageTool.execute(
                    new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", propertiesFile.toString()}, out);
        } catch (RuntimeException e) {
            throw new MlcycleException(
                    Reason.UNAVAILABLE,
                    "cannot format the Kafka log directory " + logDir(props) + ": " + e.getMessage() + " "
                            + output.toString(StandardCharsets.UTF_8).trim(),
                    e);
        }
        if (status != 0) {
            throw new MlcycleException(
                    Reason.UNAVAILABLE,
                    "formatting the Kafka log directory " + logDir(props) + " failed with status " + status + ": "
                            + output.toString(StandardCharsets.UTF_8).trim());
        }
        return true;
    }
}
