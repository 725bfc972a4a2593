package dev.mlcycle.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The lake as {@code mlcycle lake --dataset D --table T --json} shows it to a user: the live data files of
 * the table's current snapshot and the Kafka offsets that snapshot covers.
 */
final class LakeCli {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dataDir;

    LakeCli(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** One live data file. */
    record DataFile(Path path, String partition, long rows, long bytes) {}

    /**
     * A table's current snapshot.
     *
     * @param committedOffsets next offset per topic and partition, as the snapshot's summary records them
     */
    record Table(
            String dataset,
            String table,
            long snapshotId,
            List<DataFile> files,
            Map<String, Map<Integer, Long>> committedOffsets,
            long rows,
            long bytes) {

        /** The files grouped by partition, partitions in order. */
        Map<String, List<DataFile>> byPartition() {
            Map<String, List<DataFile>> out = new TreeMap<>();
            for (DataFile f : files) {
                out.computeIfAbsent(f.partition(), k -> new ArrayList<>()).add(f);
            }
            return out;
        }

        List<Path> paths() {
            return files.stream().map(DataFile::path).toList();
        }

        /** Next offset per partition of {@code topic}; empty if the snapshot covers none of it. */
        Map<Integer, Long> committed(String topic) {
            return committedOffsets.getOrDefault(topic, Map.of());
        }
    }

    /**
     * The table's current snapshot, or empty while the table does not exist or has no snapshot yet (the
     * command's complaint is in the failure message only if it is something else).
     */
    Optional<Table> table(String dataset, String table) {
        Processes.Output out = Processes.mlcycleStdout(
                Duration.ofSeconds(60),
                "lake",
                "--data-dir",
                dataDir.toString(),
                "--dataset",
                dataset,
                "--table",
                table,
                "--json");
        if (out.exitCode() != 0) {
            String said = (out.stdout() + out.stderr()).toLowerCase(java.util.Locale.ROOT);
            // "no lake at ... yet", "no table credit.events in the lake at ...": not written yet.
            if (said.contains("no lake at") || said.contains("no table ")) {
                return Optional.empty();
            }
            throw new AssertionError("mlcycle lake --dataset " + dataset + " --table " + table + " exited with "
                    + out.exitCode() + ":\n" + out.stdout() + out.stderr());
        }
        return Optional.of(parse(out.stdout()));
    }

    static Table parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json.substring(json.indexOf('{')));
        } catch (IOException | StringIndexOutOfBoundsException e) {
            throw new AssertionError("mlcycle lake --json printed no JSON object: " + json, e);
        }
        List<DataFile> files = new ArrayList<>();
        for (JsonNode f : root.path("files")) {
            files.add(new DataFile(
                    path(f.path("path").asText()),
                    f.path("partition").asText(),
                    f.path("rows").asLong(),
                    f.path("bytes").asLong()));
        }
        Map<String, Map<Integer, Long>> offsets = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> topics =
                        root.path("committed_offsets").fields();
                topics.hasNext(); ) {
            Map.Entry<String, JsonNode> topic = topics.next();
            Map<Integer, Long> byPartition = new TreeMap<>();
            topic.getValue()
                    .fields()
                    .forEachRemaining(p -> byPartition.put(
                            Integer.parseInt(p.getKey()), p.getValue().asLong()));
            offsets.put(topic.getKey(), byPartition);
        }
        return new Table(
                root.path("dataset").asText(),
                root.path("table").asText(),
                root.path("snapshot_id").asLong(-1),
                List.copyOf(files),
                offsets,
                root.path("rows").asLong(),
                root.path("bytes").asLong());
    }

    private static Path path(String text) {
        try {
            return text.startsWith("file:") ? Path.of(URI.create(text)) : Path.of(text);
        } catch (IllegalArgumentException e) {
            throw new UncheckedIOException(new IOException("not a file path: " + text, e));
        }
    }
}
