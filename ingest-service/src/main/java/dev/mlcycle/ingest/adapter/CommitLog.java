package dev.mlcycle.ingest.adapter;

import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.record.LakeCommit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import org.jboss.logging.Logger;

/** Reads what has been announced on {@link Topics#LAKE_COMMITS}: which snapshots of a table are known to readers. */
public final class CommitLog {
    private static final Logger LOG = Logger.getLogger(CommitLog.class);

    private final String topic;
    private final Properties readerProperties;
    private final Duration timeout;

    /**
     * @param topic the commits topic: {@link Topics#LAKE_COMMITS}
     * @param readerProperties a group-less reader ({@link KafkaClients#reader})
     * @param timeout how long reading the topic to its end may take
     */
    public CommitLog(String topic, Properties readerProperties, Duration timeout) {
        this.topic = topic;
        this.readerProperties = readerProperties;
        this.timeout = timeout;
    }

    /**
     * The snapshot ids of {@code dataset}'s {@code table} announced so far: the whole topic, read to its end as of
     * this call (the topic holds one small record per commit). Empty if the topic does not exist; records that are
     * not a {@link LakeCommit} are skipped.
     *
     * @throws dev.mlcycle.contracts.MlcycleException {@code UNAVAILABLE} if the end is not reached within the timeout
     */
    public Set<Long> announced(String dataset, String table) {
        byte[] key = dataset.getBytes(StandardCharsets.UTF_8);
        Set<Long> ids = new HashSet<>();
        TopicScan.readToEnd(readerProperties, topic, timeout, r -> {
            if (r.value() == null || !Arrays.equals(key, r.key())) {
                return;
            }
            try {
                LakeCommit c = Codecs.LAKE_COMMIT.decode(r.value(), topic + " offset " + r.offset());
                if (c.dataset().equals(dataset) && c.table().equals(table)) {
                    ids.add(c.snapshotId());
                }
            } catch (RuntimeException e) {
                LOG.debugf("%s-%d offset %d is not a lake commit, skipped: %s", topic, r.partition(), r.offset(), e);
            }
        });
        return ids;
    }
}
