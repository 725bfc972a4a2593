package dev.mlcycle.training.adapter;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.json.JsonCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * Follows one metadata topic (lake commits, alerts, training runs) from its beginning on a daemon thread, decoding
 * each record and handing it to a handler in offset order. No consumer group: every training-service reads the
 * whole topic, which is small and retained, and rebuilds its view from it; so a restart misses nothing that
 * arrived while it was down. A record that does not decode is logged with its offset and skipped; a handler that
 * throws is logged and the follower goes on.
 *
 * <p>The handler is told whether a record is a replay (it was already on the topic when following started) or live,
 * so that it can act on history differently: a restart must not redo what the previous process did.
 *
 * @param <T> the record type
 */
public final class TopicFollower<T> implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TopicFollower.class);

    private final String topic;
    private final JsonCodec<T> codec;
    private final Handler<T> handler;
    private final Map<TopicPartition, Long> startEnds = new HashMap<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * Starts following.
     *
     * @param bootstrap the brokers
     * @param topic the topic
     * @param codec how its values decode
     * @param handler called with each record, on the follower's thread
     */
    public TopicFollower(String bootstrap, String topic, JsonCodec<T> codec, Handler<T> handler) {
        this.topic = topic;
        this.codec = codec;
        this.handler = handler;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "mlcycle-training-" + topic);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(p);
        this.thread = new Thread(this::run, "follow-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    /** Receives records. */
    public interface Handler<T> {
        /**
         * One record.
         *
         * @param value the decoded record
         * @param replay true when it was on the topic before following started
         */
        void handle(T value, boolean replay);
    }

    /** Waits until every record that existed when following started has been handled. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        try {
            List<TopicPartition> partitions = partitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
            startEnds.putAll(ends);
            checkCaughtUp(ends);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    handle(r);
                }
                if (caughtUp.getCount() > 0) {
                    checkCaughtUp(ends);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.errorf(e, "following %s stopped unexpectedly", topic);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "following %s failed; its triggers stop until the service restarts", topic);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private List<TopicPartition> partitions() {
        while (running) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream()
                        .map(i -> new TopicPartition(i.topic(), i.partition()))
                        .toList();
            }
            LOG.warnf("topic %s does not exist yet; waiting for it", topic);
        }
        throw new WakeupException();
    }

    private void checkCaughtUp(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return;
            }
        }
        caughtUp.countDown();
    }

    private void handle(ConsumerRecord<byte[], byte[]> r) {
        T value;
        try {
            value = codec.decode(r.value(), topic + "@" + r.partition() + ":" + r.offset());
        } catch (MlcycleException e) {
            LOG.warnf("skipping %s partition %d offset %d: %s", topic, r.partition(), r.offset(), e.getMessage());
            return;
        }
        try {
            Long end = startEnds.get(new TopicPartition(r.topic(), r.partition()));
            handler.handle(value, end != null && r.offset() < end);
        } catch (RuntimeException e) {
            LOG.errorf(e, "handling %s partition %d offset %d failed", topic, r.partition(), r.offset());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
