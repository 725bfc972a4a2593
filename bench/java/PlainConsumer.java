import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The floor under ingest throughput: a plain KafkaConsumer with byte-array deserializers reads a topic
 * from the beginning to the end offsets it saw at the start, touching each record's bytes and nothing
 * else. No group (assign + seek), max.poll.records 5000 as ingest-service uses, other settings default.
 *
 * <pre>
 * java -cp "mlcycle-cli/target/lib/*" bench/java/PlainConsumer.java BOOTSTRAP TOPIC
 * </pre>
 *
 * Prints one JSON line: {"topic","records","bytes","seconds","records_per_s","end":{"0":n,...}}. The
 * time runs from the first poll to the last record, JVM start and metadata excluded.
 */
public class PlainConsumer {
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: PlainConsumer BOOTSTRAP TOPIC");
            System.exit(2);
        }
        String bootstrap = args[0];
        String topic = args[1];
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<TopicPartition> pending = new ArrayList<>(partitions);
            pending.removeIf(tp -> end.get(tp) == 0);
            consumer.assign(pending);
            consumer.seekToBeginning(pending);
            for (TopicPartition tp : pending) {
                consumer.position(tp); // resolve the start offsets before the clock starts
            }
            long records = 0;
            long bytes = 0;
            long start = System.nanoTime();
            while (!pending.isEmpty()) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    records++;
                    bytes += r.serializedValueSize() + Math.max(0, r.serializedKeySize());
                }
                if (!batch.isEmpty()) {
                    pending.removeIf(tp -> consumer.position(tp) >= end.get(tp));
                    consumer.assign(pending);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Long> ends = new TreeMap<>();
            end.forEach((tp, o) -> ends.put(Integer.toString(tp.partition()), o));
            StringBuilder endJson = new StringBuilder("{");
            ends.forEach((p, o) -> endJson.append(endJson.length() > 1 ? "," : "").append('"').append(p).append("\":").append(o));
            endJson.append('}');
            System.out.printf(
                    Locale.ROOT,
                    "{\"topic\":\"%s\",\"records\":%d,\"bytes\":%d,\"seconds\":%.3f,\"records_per_s\":%.0f,\"end\":%s}%n",
                    topic,
                    records,
                    bytes,
                    seconds,
                    records / seconds,
                    endJson);
        }
    }
}
