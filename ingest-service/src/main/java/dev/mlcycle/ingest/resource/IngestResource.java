package dev.mlcycle.ingest.resource;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.record.LakeCommit;
import dev.mlcycle.contracts.validation.RejectReason;
import dev.mlcycle.ingest.service.DeadLetterInspector;
import dev.mlcycle.ingest.service.DeadLetterInspector.DeadLetter;
import dev.mlcycle.ingest.service.IngestSupervisor;
import dev.mlcycle.ingest.service.PipelineStatus;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** What ingestion is doing ({@code GET /ingest/status}) and what it rejected ({@code GET /ingest/dlq/{dataset}}). */
@Path("/ingest")
@Produces(MediaType.APPLICATION_JSON)
public class IngestResource {
    static final int MAX_LIMIT = 10_000;

    private final IngestSupervisor supervisor;
    private final DeadLetterInspector inspector;

    public IngestResource(IngestSupervisor supervisor, DeadLetterInspector inspector) {
        this.supervisor = supervisor;
        this.inspector = inspector;
    }

    /** One table's ingestion. */
    public record TableStatus(
            String dataset,
            String table,
            String topic,
            String state,
            Map<Integer, Long> committedOffsets,
            Map<Integer, Long> lag,
            long recordsIn,
            long recordsRejected,
            long recordsWritten,
            long commits,
            long buffered,
            long restarts,
            Long lastSnapshotId,
            Instant lastCommitAt,
            String lastError,
            Instant lastErrorAt,
            String warning) {}

    public record Status(List<TableStatus> tables) {}

    @GET
    @Path("/status")
    public Status status() {
        return new Status(
                supervisor.statuses().stream().map(IngestResource::toStatus).toList());
    }

    @GET
    @Path("/dlq/{dataset}")
    public List<DeadLetter> deadLetters(
            @PathParam("dataset") String dataset,
            @QueryParam("limit") @DefaultValue("50") int limit,
            @QueryParam("reason") String reason) {
        Topics.requireDatasetName(dataset);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "limit: expected 1 to " + MAX_LIMIT + ", got " + limit);
        }
        if (reason != null
                && Arrays.stream(RejectReason.values()).noneMatch(r -> r.name().equals(reason))) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "reason: expected one of " + Arrays.toString(RejectReason.values()) + ", got \"" + reason + "\"");
        }
        return inspector.recent(dataset, limit, reason);
    }

    private static TableStatus toStatus(PipelineStatus s) {
        LakeCommit last = s.lastCommit();
        return new TableStatus(
                s.dataset(),
                s.table(),
                s.topic(),
                s.state().name(),
                s.committed(),
                s.lag(),
                s.recordsIn(),
                s.rejectedCount(),
                s.written(),
                s.commits(),
                s.buffered(),
                s.restarts(),
                last == null ? null : last.snapshotId(),
                last == null ? null : last.committedAt(),
                s.lastError(),
                s.lastErrorAt(),
                s.warning());
    }
}
