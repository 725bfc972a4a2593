package dev.mlcycle.ingest.adapter;

import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.record.LakeCommit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Announces each lake commit on {@link Topics#LAKE_COMMITS}, keyed by dataset. Thread-safe. */
public final class CommitAnnouncer implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;

    public CommitAnnouncer(Properties producerProperties) {
        this.producer = new KafkaProducer<>(producerProperties);
    }

    public Future<RecordMetadata> announce(LakeCommit commit) {
        return producer.send(new ProducerRecord<>(
                Topics.LAKE_COMMITS,
                commit.dataset().getBytes(StandardCharsets.UTF_8),
                Codecs.LAKE_COMMIT.encode(commit)));
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
