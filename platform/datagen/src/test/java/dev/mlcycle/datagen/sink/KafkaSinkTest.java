package dev.mlcycle.datagen.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.datagen.DataGenerator;
import dev.mlcycle.datagen.GeneratedRecord;
import dev.mlcycle.datagen.GeneratorOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class KafkaSinkTest {
    static GeneratorOptions options() {
        return GeneratorOptions.builder().events(2_000).malformed(0.01).build();
    }

    @Test
    void sendsEveryRecordInOrderAndReportsTheAcknowledgedTotal() {
        MockProducer<byte[], byte[]> producer =
                new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        List<SendProgress> reports = new ArrayList<>();
        KafkaSink.Options opts =
                new KafkaSink.Options(0, 500, Duration.ofHours(1), reports::add, Duration.ofSeconds(5));
        List<GeneratedRecord> expected = new ArrayList<>();
        DataGenerator.create(options()).drain(expected::add);
        try (KafkaSink sink = new KafkaSink(producer, opts)) {
            DataGenerator.create(options()).runInto(sink);
            assertThat(sink.sent()).isEqualTo(expected.size());
            assertThat(sink.acked()).isEqualTo(expected.size());
        }
        List<ProducerRecord<byte[], byte[]>> sent = producer.history();
        assertThat(sent).hasSameSizeAs(expected);
        for (int i = 0; i < sent.size(); i++) {
            assertThat(sent.get(i).topic()).isEqualTo(expected.get(i).topic());
            assertThat(sent.get(i).key()).isEqualTo(expected.get(i).key());
            assertThat(sent.get(i).value()).isEqualTo(expected.get(i).value());
            assertThat(sent.get(i).timestamp()).isNull();
        }
        assertThat(producer.closed()).isTrue();
        assertThat(reports).hasSizeGreaterThanOrEqualTo(expected.size() / 500);
        SendProgress last = reports.get(reports.size() - 1);
        assertThat(last.done()).isTrue();
        assertThat(last.acked()).isEqualTo(expected.size());
        assertThat(last.failed()).isZero();
    }

    @Test
    void stopsAtTheFirstFailedSendAndSaysWhichRecord() {
        MockProducer<byte[], byte[]> producer =
                new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        KafkaSink.Options opts = KafkaSink.Options.defaults(null);
        Iterator<GeneratedRecord> records = DataGenerator.create(options());
        try (KafkaSink sink = new KafkaSink(producer, opts)) {
            for (int i = 0; i < 10; i++) {
                sink.accept(records.next());
            }
            producer.completeNext();
            producer.errorNext(new NotEnoughReplicasException("2 of 3 replicas"));
            assertThatThrownBy(() -> sink.accept(records.next()))
                    .isInstanceOf(MlcycleException.class)
                    .hasMessageStartingWith("sending record 1 to mlcycle.events.credit (key c-")
                    .hasMessageContaining(
                            "NotEnoughReplicasException: 2 of 3 replicas; 10 records sent, 1 acknowledged")
                    .extracting(e -> ((MlcycleException) e).reason())
                    .isEqualTo(MlcycleException.Reason.UNAVAILABLE);
            assertThatThrownBy(sink::finish).isInstanceOf(MlcycleException.class);
        }
    }

    @Test
    void finishFailsIfNotEveryRecordWasAcknowledged() {
        MockProducer<byte[], byte[]> producer =
                new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer()) {
                    @Override
                    public synchronized void flush() {
                        // a producer that returns from flush without completing the sends
                    }
                };
        KafkaSink.Options opts = new KafkaSink.Options(0, 0, Duration.ofHours(1), null, Duration.ofMillis(50));
        Iterator<GeneratedRecord> records = DataGenerator.create(options());
        try (KafkaSink sink = new KafkaSink(producer, opts)) {
            sink.accept(records.next());
            sink.accept(records.next());
            producer.completeNext();
            assertThatThrownBy(sink::finish)
                    .isInstanceOf(MlcycleException.class)
                    .hasMessage("only 1 of 2 records were acknowledged within PT0.05S");
        }
    }

    @Test
    void aSendThatThrowsStopsTheSinkToo() {
        MockProducer<byte[], byte[]> producer =
                new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        producer.sendException = new org.apache.kafka.common.errors.TimeoutException("no metadata for topic");
        try (KafkaSink sink = new KafkaSink(producer, KafkaSink.Options.defaults(null))) {
            assertThatThrownBy(() -> sink.accept(DataGenerator.create(options()).next()))
                    .hasMessageContaining("sending record 0 to mlcycle.events.credit")
                    .hasMessageContaining("no metadata for topic");
        }
    }

    @Test
    void producerSettingsAreIdempotentAcksAllCompressedAndBatched() {
        assertThat(KafkaSink.producerConfig("localhost:9092"))
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 5)
                .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
    }

    @Test
    void theTokenBucketPacesToTheTargetRateSmoothly() throws InterruptedException {
        AtomicLong now = new AtomicLong();
        List<Long> sleeps = new ArrayList<>();
        TokenBucket bucket = new TokenBucket(1_000, 10, now::get, nanos -> {
            sleeps.add(nanos);
            now.addAndGet(nanos);
        });
        for (int i = 0; i < 5_000; i++) {
            bucket.acquire();
        }
        // 5,000 records at 1,000/s take 5 s, less the one token the bucket starts with.
        assertThat(now.get()).isBetween(4_990_000_000L, 5_010_000_000L);
        assertThat(sleeps).allSatisfy(s -> assertThat(s).isLessThanOrEqualTo(1_000_000L));

        TokenBucket unpaced = new TokenBucket(0, 1, now::get, nanos -> {
            throw new AssertionError("no sleeping at rate 0");
        });
        unpaced.acquire();
    }

    @Test
    void theTokenBucketAllowsABurstAfterIdling() throws InterruptedException {
        AtomicLong now = new AtomicLong();
        List<Long> sleeps = new ArrayList<>();
        TokenBucket bucket = new TokenBucket(100, 5, now::get, nanos -> {
            sleeps.add(nanos);
            now.addAndGet(nanos);
        });
        now.addAndGet(10_000_000_000L); // idle for 10 s: the bucket fills to its burst of 5, no more
        for (int i = 0; i < 5; i++) {
            bucket.acquire();
        }
        assertThat(sleeps).isEmpty();
        bucket.acquire();
        assertThat(sleeps).hasSize(1);
    }
}
