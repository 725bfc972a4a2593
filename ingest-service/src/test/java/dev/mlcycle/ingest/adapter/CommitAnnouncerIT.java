package dev.mlcycle.ingest.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.record.LakeCommit;
import dev.mlcycle.contracts.record.OffsetRange;
import dev.mlcycle.kafka.local.LocalKafka;
import dev.mlcycle.kafka.local.junit.WithLocalKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * The announcer against a real broker whose topic refuses the announcement (its {@code max.message.bytes} is smaller
 * than a commit): a failed send is tried again until the topic takes it, and given up on, loudly, after its attempts.
 */
@WithLocalKafka
class CommitAnnouncerIT {
    private static final LakeCommit COMMIT = new LakeCommit(
            "credit",
            "events",
            4242L,
            4141L,
            LakeCommit.Operation.APPEND,
            List.of(),
            10,
            1000,
            List.of(new OffsetRange("mlcycle.events.credit", 0, 100, 110)),
            null,
            null,
            Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void retriesAFailedSendUntilTheTopicTakesIt(LocalKafka kafka) throws Exception {
        String topic = refusingTopic(kafka, "retry");
        List<LakeCommit> givenUp = new CopyOnWriteArrayList<>();
        try (CommitAnnouncer announcer = new CommitAnnouncer(
                topic,
                KafkaClients.producer(kafka.bootstrapServers(), "test-announce-retry"),
                100,
                Duration.ofMillis(200),
                (c, e) -> givenUp.add(c))) {
            CompletableFuture<RecordMetadata> sent = announcer.announce(COMMIT);
            await().atMost(Duration.ofSeconds(30)).until(() -> announcer.failedSends() >= 2);
            assertThat(sent).isNotDone();

            // The topic is fixed; the next attempt gets through.
            try (Admin admin = kafka.admin()) {
                ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                admin.incrementalAlterConfigs(Map.of(
                                r,
                                List.of(new AlterConfigOp(
                                        new ConfigEntry("max.message.bytes", "1048576"), AlterConfigOp.OpType.SET))))
                        .all()
                        .get();
            }
            await().atMost(Duration.ofSeconds(30)).until(sent::isDone);
            assertThat(sent).isCompleted();
        }
        assertThat(givenUp).isEmpty();
        assertThat(readAll(kafka, topic))
                .extracting(r -> Codecs.LAKE_COMMIT.decode(r.value(), "test"))
                .containsExactly(COMMIT);
    }

    @Test
    void givesUpAfterItsAttemptsAndTellsTheListener(LocalKafka kafka) throws Exception {
        String topic = refusingTopic(kafka, "give-up");
        List<LakeCommit> givenUp = new CopyOnWriteArrayList<>();
        try (CommitAnnouncer announcer = new CommitAnnouncer(
                topic,
                KafkaClients.producer(kafka.bootstrapServers(), "test-announce-give-up"),
                3,
                Duration.ofMillis(50),
                (c, e) -> givenUp.add(c))) {
            CompletableFuture<RecordMetadata> sent = announcer.announce(COMMIT);
            await().atMost(Duration.ofSeconds(30)).until(sent::isDone);
            assertThat(sent).isCompletedExceptionally();
            assertThat(announcer.failedSends()).isEqualTo(3);
        }
        assertThat(givenUp).containsExactly(COMMIT);
        assertThat(readAll(kafka, topic)).isEmpty();
    }

    @Test
    void theWaitDoublesFromTheFirstUpToAMinute() {
        assertThat(CommitAnnouncer.backoff(Duration.ofSeconds(1), 1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(CommitAnnouncer.backoff(Duration.ofSeconds(1), 3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(CommitAnnouncer.backoff(Duration.ofSeconds(1), 7)).isEqualTo(Duration.ofMinutes(1));
        assertThat(CommitAnnouncer.backoff(Duration.ofSeconds(1), 500)).isEqualTo(Duration.ofMinutes(1));
    }

    /** A topic whose records may be at most 64 bytes: smaller than any lake commit. */
    private static String refusingTopic(LocalKafka kafka, String name) throws Exception {
        String topic = "test-announce-" + name + "-" + System.nanoTime();
        try (Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("max.message.bytes", "64"))))
                    .all()
                    .get();
        }
        return topic;
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(LocalKafka kafka, String topic) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(KafkaClients.reader(kafka.bootstrapServers(), "test-read"))) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            while (c.position(tp) < end) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
