package dev.mlcycle.ingest.adapter;

import dev.mlcycle.contracts.Topics;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The Kafka client settings of ingest-service, in one place. */
public final class KafkaClients {
    /** Room for the headers a dead letter adds to a value of the largest size a data topic takes. */
    private static final int HEADER_ROOM = 64 * 1024;
    /**
     * Bytes fetched per partition per request. Small enough that a fetch takes a little of every partition, so a batch
     * covers the same stretch of time on all of them (fewer, larger day files than when one partition's 16 MiB runs
     * ahead of the others). A record larger than this still comes whole: the broker returns the first batch of a
     * partition whatever its size.
     */
    static final int PARTITION_FETCH_BYTES = 1 << 20;
    /** Bytes per dead-letter batch (per partition of the dead-letter topic). */
    static final int DEAD_LETTER_BATCH_BYTES = 512 * 1024;
    /** How long a dead-letter batch waits to fill; the committer waits for its acknowledgement anyway. */
    static final int DEAD_LETTER_LINGER_MS = 20;

    private KafkaClients() {}

    /**
     * Makes Kafka's LZ4 codec use lz4-java's JNI build, as it does in a plain JVM. lz4-java tries its JNI build only
     * when it was loaded by the system class loader or its native library is loaded already; under Quarkus's class
     * loader it settles for its pure-Java decompressor, which cost ingest about a microsecond per record (a third of
     * the polling thread). Loading the native build first, before the codec's first use, makes the codec take it.
     * Call once at start-up.
     *
     * @return the LZ4 implementation Kafka will use, for the log
     */
    public static String preferNativeLz4() {
        try {
            net.jpountz.lz4.LZ4Factory.nativeInstance();
            net.jpountz.xxhash.XXHashFactory.nativeInstance();
        } catch (LinkageError | RuntimeException e) {
            return net.jpountz.lz4.LZ4Factory.fastestInstance() + " (no native build here: " + e.getMessage() + ")";
        }
        return net.jpountz.lz4.LZ4Factory.fastestInstance().toString();
    }

    /**
     * A consumer of a dataset topic: byte arrays, no auto-commit (the lake holds the offsets), no automatic reset
     * (a partition whose lake offset the topic no longer has is a decision, not a default), fetches of {@value
     * #PARTITION_FETCH_BYTES} bytes per partition (the largest record a data topic takes still comes whole),
     * read-committed so aborted transactions never land.
     */
    public static Properties consumer(String bootstrap, String groupId, String clientId, int maxPollRecords) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        // Static membership: a restarted ingest (after a crash, SIGKILL included) takes its partitions
        // back at once instead of waiting out the dead member's session (45 s); a second process on the
        // same host with the same group is fenced, which keeps one committer per table.
        p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, groupId + "-" + hostName());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(maxPollRecords));
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(PARTITION_FETCH_BYTES));
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(4 * Topics.MAX_DATA_MESSAGE_BYTES));
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "65536");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        return p;
    }

    /** A one-off reader with no group (assign and seek), e.g. to scan the dead-letter topic. */
    public static Properties reader(String bootstrap, String clientId) {
        Properties p = consumer(bootstrap, "unused", clientId, 5000);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1");
        return p;
    }

    private static String hostName() {
        try {
            // Instance ids allow only ASCII letters, digits, '.', '_' and '-'.
            return java.net.InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "_");
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /**
     * An idempotent producer with acks=all: a record is sent once and in order, and a send that returns is durable.
     * Sends that cannot complete fail after two minutes instead of hanging.
     */
    public static Properties producer(String bootstrap, String clientId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(Topics.MAX_DATA_MESSAGE_BYTES + HEADER_ROOM));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
        return p;
    }

    /**
     * The dead-letter producer: {@link #producer}'s guarantees, with batches of up to {@value
     * #DEAD_LETTER_BATCH_BYTES} bytes per partition filled for up to {@value #DEAD_LETTER_LINGER_MS} ms. A dead letter
     * is the original value plus about 300 bytes of headers, so the default 16 KiB batch held some 25 of them and a
     * poison-heavy stream cost a compressed batch, a request and an acknowledgement every 25 rejections.
     */
    public static Properties deadLetterProducer(String bootstrap, String clientId) {
        Properties p = producer(bootstrap, clientId);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(DEAD_LETTER_BATCH_BYTES));
        p.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(DEAD_LETTER_LINGER_MS));
        return p;
    }
}
