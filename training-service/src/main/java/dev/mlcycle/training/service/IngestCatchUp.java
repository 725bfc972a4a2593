package dev.mlcycle.training.service;

import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.lake.Lake;
import dev.mlcycle.lake.LakeTable;
import dev.mlcycle.lake.SourcePartition;
import dev.mlcycle.lake.TableKind;
import dev.mlcycle.training.adapter.TopicEnds;
import dev.mlcycle.training.service.RunProgress.Phase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Before a run reads the current lake snapshots, waits for ingest to land what was already on the dataset's topics
 * when the run started, so that a run asked for right after data was sent reads that data (read-your-writes), not
 * whatever ingest happened to have committed by then. Ingest commits a table when its buffer fills, after {@code
 * ingest.flush.idle} without records, or every {@code ingest.flush.max-interval}.
 *
 * <p>The wait ends when the lake's committed offsets reach the topics' end offsets as of the start; when they
 * stop advancing for {@code stall} (ingest not running, or stuck: the run goes on with what the lake has, and the
 * log says how far behind it was); or after {@code max} in all. Runs given snapshot ids do not wait.
 */
public final class IngestCatchUp {
    private static final Logger LOG = Logger.getLogger(IngestCatchUp.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final TopicEnds topics;
    private final Lake lake;
    private final Clock clock;
    private final Duration stall;
    private final Duration max;

    /**
     * A waiter.
     *
     * @param topics reads the topics' end offsets
     * @param lake the lake whose committed offsets are compared with them
     * @param clock the clock
     * @param stall how long without progress ends the wait
     * @param max the longest wait
     */
    public IngestCatchUp(TopicEnds topics, Lake lake, Clock clock, Duration stall, Duration max) {
        this.topics = topics;
        this.lake = lake;
        this.clock = clock;
        this.stall = stall;
        this.max = max;
    }

    /**
     * Waits for the lake to hold what the dataset's topics hold now.
     *
     * @return the records still not in the lake when the wait ended: 0 when ingest caught up
     */
    public long await(DatasetSpec spec, RunProgress progress) throws InterruptedException {
        Map<SourcePartition, Long> ends = topics.of(List.of(Topics.events(spec.name()), Topics.labels(spec.name())));
        Instant start = clock.instant();
        Instant lastProgress = start;
        long lastBehind = Long.MAX_VALUE;
        while (true) {
            long behind = behind(spec, ends);
            if (behind == 0) {
                return 0;
            }
            Instant now = clock.instant();
            if (behind < lastBehind) {
                lastBehind = behind;
                lastProgress = now;
            }
            progress.enter(
                    Phase.READING,
                    "waiting for ingest to land " + behind + " records already on the topics of " + spec.name());
            boolean stalled = Duration.between(lastProgress, now).compareTo(stall) >= 0;
            if (stalled || Duration.between(start, now).compareTo(max) >= 0) {
                LOG.warnf(
                        "dataset %s: the lake is %d records behind its topics and %s; reading what it has",
                        spec.name(),
                        behind,
                        stalled
                                ? "has not moved for " + stall + " (is ingest-service running?)"
                                : "still behind after " + max);
                return behind;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private long behind(DatasetSpec spec, Map<SourcePartition, Long> ends) {
        Map<SourcePartition, Long> committed = new HashMap<>();
        for (TableKind kind : TableKind.ingested()) {
            lake.find(spec.name(), kind).ifPresent((LakeTable t) -> committed.putAll(t.committedOffsets()));
        }
        long behind = 0;
        for (Map.Entry<SourcePartition, Long> end : ends.entrySet()) {
            behind += Math.max(0, end.getValue() - committed.getOrDefault(end.getKey(), 0L));
        }
        return behind;
    }
}
