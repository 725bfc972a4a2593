package dev.mlcycle.monitoring.topology;

/**
 * Where a model version's open window stands, in {@link MonitoringTopology#WINDOWS}.
 *
 * @param seq the window's number, from 1
 * @param rows predictions in it
 * @param outcomes labelled predictions kept for its metrics
 * @param start the earliest prediction time in it (epoch ms; event time when known)
 * @param end the latest prediction time in it (epoch ms)
 * @param openedAt when its first record arrived, on the wall clock (epoch ms)
 * @param conceptSignal the detector that signalled drift while it was open, or null
 */
public record WindowState(long seq, int rows, int outcomes, long start, long end, long openedAt, String conceptSignal) {
    static WindowState first() {
        return new WindowState(1, 0, 0, 0, 0, 0, null);
    }

    boolean empty() {
        return rows == 0 && outcomes == 0;
    }

    WindowState opened(long now) {
        return empty() ? new WindowState(seq, rows, outcomes, start, end, now, conceptSignal) : this;
    }

    WindowState withRow(long time) {
        long s = rows == 0 ? time : Math.min(start, time);
        long e = rows == 0 ? time : Math.max(end, time);
        return new WindowState(seq, rows + 1, outcomes, s, e, openedAt, conceptSignal);
    }

    WindowState withOutcome(boolean kept, String signal) {
        return new WindowState(
                seq,
                rows,
                outcomes + (kept ? 1 : 0),
                start,
                end,
                openedAt,
                conceptSignal != null ? conceptSignal : signal);
    }

    WindowState next() {
        return new WindowState(seq + 1, 0, 0, 0, 0, 0, null);
    }
}
