import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.DatasetSpecs;
import dev.mlcycle.contracts.validation.Decoded;
import dev.mlcycle.contracts.validation.FeatureEventCodec;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How long the event codec (the judge of every record ingest's fast decoder declines) takes per valid and per
 * rejected event, single-threaded, after warm-up: bench/codec-throughput.sh runs it on `mlcycle generate --output`
 * records. Prints one line per round and a JSON summary of the last rounds. A measurement, not a test.
 *
 * <p>Usage: java -cp 'mlcycle-cli/target/lib/*' bench/java/CodecThroughput.java RECORDS.jsonl DATASET ROUNDS
 */
public final class CodecThroughput {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String dataset = args[1];
        int rounds = Integer.parseInt(args[2]);
        DatasetSpec spec = DatasetSpecs.loadResource(CodecThroughput.class.getClassLoader(), "datasets/" + dataset + ".yaml");
        // The generator's event times start at 2026-01-01: in the past, so the future-time rule lets them through.
        FeatureEventCodec codec = new FeatureEventCodec(spec, Clock.systemUTC());
        ObjectMapper mapper = new ObjectMapper();
        List<byte[]> valid = new ArrayList<>();
        List<byte[]> rejected = new ArrayList<>();
        Map<String, Integer> reasons = new LinkedHashMap<>();
        long bytes = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode n = mapper.readTree(line);
                if (!n.path("topic").asText().startsWith("mlcycle.events.")) {
                    continue;
                }
                byte[] v = n.path("value").asText().getBytes(StandardCharsets.UTF_8);
                bytes += v.length;
                Decoded<FeatureEvent> d = codec.decode(v);
                if (d instanceof Decoded.Invalid<FeatureEvent> bad) {
                    rejected.add(v);
                    reasons.merge(bad.rejection().reason().name(), 1, Integer::sum);
                } else {
                    valid.add(v);
                }
            }
        }
        System.out.printf("%,d valid and %,d rejected events, %.0f bytes each on average; rejected by reason %s%n",
                valid.size(), rejected.size(), bytes / (double) (valid.size() + rejected.size()), reasons);
        double lastValid = 0;
        double lastRejected = 0;
        int kept = 0;
        for (int round = 1; round <= rounds; round++) {
            double v = nanosPerRecord(codec, valid);
            double r = nanosPerRecord(codec, rejected);
            System.out.printf("round %d: valid %,.0f ns/event, rejected %,.0f ns/event%n", round, v, r);
            if (round > rounds / 2) {
                lastValid += v;
                lastRejected += r;
                kept++;
            }
        }
        System.out.printf("{\"valid_ns\":%.0f,\"rejected_ns\":%.0f,\"rounds_averaged\":%d}%n",
                lastValid / kept, lastRejected / kept, kept);
    }

    private static double nanosPerRecord(FeatureEventCodec codec, List<byte[]> values) {
        if (values.isEmpty()) {
            return 0;
        }
        long start = System.nanoTime();
        int sink = 0;
        for (byte[] v : values) {
            sink += codec.decode(v) instanceof Decoded.Valid ? 1 : 2;
        }
        long nanos = System.nanoTime() - start;
        if (sink == 0) {
            System.out.println("(never)");
        }
        return nanos / (double) values.size();
    }
}
