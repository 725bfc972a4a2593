package dev.mlcycle.ingest.service;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.record.LakeCommit;
import dev.mlcycle.ingest.adapter.CommitAnnouncer;
import dev.mlcycle.ingest.adapter.CommitLog;
import dev.mlcycle.lake.LakeTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Announces the commits of a table that {@code mlcycle.lake.commits} does not have: those whose announcement was
 * given up on or never sent (a crash between commit and send, a broker down, a snapshot another writer made). The
 * table's line of snapshots is the truth: every snapshot after the oldest one announced that was not announced
 * itself is announced now, oldest first, built from the snapshot exactly as its writer built it. A table nothing
 * was ever announced for has all its snapshots announced. Run by a pipeline when it starts, before it commits.
 */
final class AnnouncementCatchUp {
    private static final Logger LOG = Logger.getLogger(AnnouncementCatchUp.class);

    private AnnouncementCatchUp() {}

    /** Announces what is missing; how many commits it announced. */
    static int run(LakeTable table, CommitLog log, CommitAnnouncer announcer) {
        Set<Long> announced = log.announced(table.dataset(), table.kind().tableName());
        List<Long> missing = missing(table.lineage(), announced);
        int sent = 0;
        for (long id : missing) {
            LakeCommit commit;
            try {
                commit = table.commitOf(id);
            } catch (MlcycleException e) {
                if (e.reason() != MlcycleException.Reason.NOT_FOUND) {
                    throw e;
                }
                LOG.infof("%s: snapshot %d expired before it could be announced", table.name(), id);
                continue;
            }
            announcer.announce(commit);
            sent++;
        }
        if (sent > 0) {
            LOG.infof(
                    "%s: announced %d commit%s that %s did not have: snapshots %s",
                    table.name(), sent, sent == 1 ? "" : "s", announcer.topic(), missing);
        }
        return sent;
    }

    /**
     * The snapshots of {@code lineage} (oldest first) to announce: those after its oldest announced one that were not
     * announced, or all if none was.
     */
    static List<Long> missing(List<Long> lineage, Set<Long> announced) {
        int from = 0;
        while (from < lineage.size() && !announced.contains(lineage.get(from))) {
            from++;
        }
        if (from == lineage.size()) {
            return List.copyOf(lineage);
        }
        List<Long> out = new ArrayList<>();
        for (int i = from + 1; i < lineage.size(); i++) {
            if (!announced.contains(lineage.get(i))) {
                out.add(lineage.get(i));
            }
        }
        return out;
    }
}
