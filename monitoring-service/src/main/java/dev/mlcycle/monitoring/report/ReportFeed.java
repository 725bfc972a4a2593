package dev.mlcycle.monitoring.report;

import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.topics.TopicFollower;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Feeds a {@link ReportHistory} from {@code mlcycle.drift.reports} and {@code mlcycle.alerts}, each followed from
 * its beginning by a {@link TopicFollower} (no consumer group: every instance of the service rebuilds the same
 * view). A record that does not decode is skipped by the follower; a follower whose consumer fails restarts after a
 * backoff and resumes where it was. {@link #caughtUp()} says when both have read what was on their topic at start:
 * the pages are complete from then on.
 */
public final class ReportFeed implements AutoCloseable {
    /**
     * Where one follower stands, for readiness.
     *
     * @param topic the topic
     * @param state {@code starting}, {@code catching_up}, {@code following}, {@code backing_off} or {@code stopped}
     * @param restarts how often its consumer failed and was replaced
     * @param lastError its last failure, if any
     */
    public record FollowerStatus(String topic, String state, int restarts, Optional<String> lastError) {}

    private final List<TopicFollower<?>> followers;

    private ReportFeed(List<TopicFollower<?>> followers) {
        this.followers = followers;
    }

    /**
     * Starts following both topics into {@code history}.
     *
     * @param bootstrap the brokers
     * @param history where the records go
     * @param options client id prefix, backoff and timeouts of the followers
     */
    public static ReportFeed start(String bootstrap, ReportHistory history, TopicFollower.Options options) {
        TopicFollower<?> reports = TopicFollower.start(
                bootstrap,
                Topics.DRIFT_REPORTS,
                Codecs.DRIFT_REPORT,
                (report, replay) -> history.add(report),
                withClientId(options, Topics.DRIFT_REPORTS));
        try {
            TopicFollower<?> alerts = TopicFollower.start(
                    bootstrap,
                    Topics.ALERTS,
                    Codecs.ALERT,
                    (alert, replay) -> history.add(alert),
                    withClientId(options, Topics.ALERTS));
            return new ReportFeed(List.of(reports, alerts));
        } catch (RuntimeException e) {
            reports.close();
            throw e;
        }
    }

    private static TopicFollower.Options withClientId(TopicFollower.Options o, String topic) {
        return new TopicFollower.Options(
                o.clientId() + "-" + topic, o.backoff(), o.clock(), o.metadataTimeout(), o.consumers(), o.properties());
    }

    /** Whether both followers have handled every record that was on their topic when they started. */
    public boolean caughtUp() {
        return followers.stream().allMatch(TopicFollower::caughtUp);
    }

    /** Waits up to {@code timeout} (in all) for both followers to catch up or fail once. */
    public boolean awaitSettled(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (TopicFollower<?> f : followers) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!f.awaitCaughtUpOrFailure(Duration.ofNanos(left))) {
                return false;
            }
        }
        return true;
    }

    /** Each follower's state. */
    public List<FollowerStatus> status() {
        return followers.stream()
                .map(f -> new FollowerStatus(
                        f.topic(), f.state().name().toLowerCase(Locale.ROOT), f.restarts(), f.lastError()))
                .toList();
    }

    @Override
    public void close() {
        followers.forEach(TopicFollower::close);
    }
}
