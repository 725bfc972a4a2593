package dev.mlcycle.kafka.local.bench;

import dev.mlcycle.contracts.TopicSpec;
import dev.mlcycle.kafka.local.LocalKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Measures the child-process broker: start time over several fresh starts, and the broker process's
 * resident memory (VmRSS) after start and after producing small records. Run by
 * {@code bench/broker-start.sh}.
 *
 * <p>{@code StartBench [--runs 5] [--records 100000] [--record-bytes 100] [--heap 512m]}
 */
public final class StartBench {
    private StartBench() {}

    public static void main(String[] args) throws Exception {
        int runs = 5;
        int records = 100_000;
        int recordBytes = 100;
        String heap = "512m";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--records" -> records = Integer.parseInt(args[++i]);
                case "--record-bytes" -> recordBytes = Integer.parseInt(args[++i]);
                case "--heap" -> heap = args[++i];
                default -> {
                    System.err.println("usage: StartBench [--runs N] [--records N] [--record-bytes N] [--heap 512m]");
                    System.exit(2);
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "child-process broker, -Xmx%s, %d fresh starts, %d records of %d bytes after each start, %d cores%n",
                heap,
                runs,
                records,
                recordBytes,
                Runtime.getRuntime().availableProcessors());
        List<Long> startMillis = new ArrayList<>();
        List<Long> rssAfterStart = new ArrayList<>();
        List<Long> rssAfterProduce = new ArrayList<>();
        List<Long> produceMillis = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            Path dir = Files.createTempDirectory("mlcycle-bench-kafka-");
            try (LocalKafka kafka = LocalKafka.builder(dir)
                    .mode(LocalKafka.Mode.CHILD_PROCESS)
                    .childHeap(heap)
                    .start()) {
                long pid = kafka.brokerProcess().orElseThrow().pid();
                long start = kafka.startDuration().toMillis();
                long rss1 = vmRssKb(pid);
                kafka.ensureTopics(List.of(new TopicSpec("bench", 1, false, Duration.ofHours(1), "none")));
                long produce = produce(kafka, records, recordBytes);
                long rss2 = vmRssKb(pid);
                startMillis.add(start);
                rssAfterStart.add(rss1);
                rssAfterProduce.add(rss2);
                produceMillis.add(produce);
                System.out.printf(
                        Locale.ROOT,
                        "run %d: start %5d ms   RSS after start %4d MB   produce %d records %5d ms   RSS after produce %4d MB%n",
                        run,
                        start,
                        rss1 / 1024,
                        records,
                        produce,
                        rss2 / 1024);
            } finally {
                deleteRecursively(dir);
            }
        }
        System.out.println();
        print("start time (ms)", startMillis, 1);
        print("broker RSS after start (MB)", rssAfterStart, 1024);
        print("broker RSS after " + records + " records (MB)", rssAfterProduce, 1024);
        print("produce " + records + " records, acks=all (ms)", produceMillis, 1);
    }

    private static long produce(LocalKafka kafka, int records, int recordBytes)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Object> config = kafka.clientConfig();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        byte[] value = new byte[recordBytes];
        long begin = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>("bench", value));
            }
            producer.flush();
            // The last send's acknowledgement: every record before it is acknowledged too.
            producer.send(new ProducerRecord<>("bench", value)).get(60, TimeUnit.SECONDS);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
    }

    private static long vmRssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static void print(String what, List<Long> values, long divisor) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        long median = sorted.size() % 2 == 1
                ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        System.out.printf(
                Locale.ROOT,
                "%-40s median %6d   min %6d   max %6d%n",
                what,
                median / divisor,
                sorted.get(0) / divisor,
                sorted.get(sorted.size() - 1) / divisor);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
