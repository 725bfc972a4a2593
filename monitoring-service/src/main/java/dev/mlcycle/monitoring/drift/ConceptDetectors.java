package dev.mlcycle.monitoring.drift;

import dev.mlcycle.contracts.record.DetectorState;
import dev.mlcycle.stats.drift.Ddm;
import dev.mlcycle.stats.drift.DdmState;
import dev.mlcycle.stats.drift.PageHinkley;
import dev.mlcycle.stats.drift.PageHinkleyState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The streaming detectors of one model version's labelled predictions: DDM on the stream of errors (classifiers only)
 * and Page-Hinkley on the stream of losses (log loss, or squared error for a regressor), both from platform/stats. A
 * snapshot of both goes to a changelogged store after every outcome, so a restart continues where it stopped.
 */
public final class ConceptDetectors {
    /** {@link DetectorState#detector()} of DDM. */
    public static final String DDM = "ddm";
    /** {@link DetectorState#detector()} of Page-Hinkley. */
    public static final String PAGE_HINKLEY = "page_hinkley";

    private final DetectorSettings settings;
    private final Ddm ddm;
    private final PageHinkley ph;

    private ConceptDetectors(DetectorSettings settings, Ddm ddm, PageHinkley ph) {
        this.settings = settings;
        this.ddm = ddm;
        this.ph = ph;
    }

    /**
     * What a store keeps of the detectors.
     *
     * @param ddm DDM's state, or null for a regressor
     * @param pageHinkley Page-Hinkley's state
     */
    public record Snapshot(DdmState ddm, PageHinkleyState pageHinkley) {}

    /** New detectors for a classifier (DDM and Page-Hinkley) or a regressor (Page-Hinkley only). */
    public static ConceptDetectors fresh(DetectorSettings s, boolean classification) {
        return new ConceptDetectors(
                s,
                classification ? new Ddm(s.ddmMinObservations(), s.ddmWarningLevel(), s.ddmDriftLevel()) : null,
                new PageHinkley(s.phDelta(), s.phLambda(), s.phAlpha(), s.phMinObservations()));
    }

    /** The detectors as a snapshot left them. */
    public static ConceptDetectors restore(DetectorSettings s, Snapshot snapshot) {
        return new ConceptDetectors(
                s,
                snapshot.ddm() == null ? null : Ddm.restore(snapshot.ddm()),
                PageHinkley.restore(snapshot.pageHinkley()));
    }

    /**
     * Feeds one outcome to the detectors.
     *
     * @return the detector that signalled drift on it ({@link #DDM} or {@link #PAGE_HINKLEY}), or null
     */
    public String update(Outcome outcome) {
        String signal = null;
        if (ddm != null && ddm.update(outcome.error()) == Ddm.State.DRIFT) {
            signal = DDM;
        }
        if (ph.update(outcome.loss()) == PageHinkley.State.DRIFT && signal == null) {
            signal = PAGE_HINKLEY;
        }
        return signal;
    }

    /** The detectors' state. */
    public Snapshot snapshot() {
        return new Snapshot(ddm == null ? null : ddm.snapshot(), ph.snapshot());
    }

    /** Where each detector stands, for a report. */
    public List<DetectorState> states() {
        List<DetectorState> out = new ArrayList<>(2);
        if (ddm != null) {
            Map<String, Double> p = new LinkedHashMap<>();
            p.put("min_observations", (double) settings.ddmMinObservations());
            p.put("warning_level", settings.ddmWarningLevel());
            p.put("drift_level", settings.ddmDriftLevel());
            out.add(new DetectorState(
                    DDM,
                    "errors",
                    finite(ddm.statistic()),
                    finite(ddm.threshold()),
                    ddm.observations(),
                    ddmState(),
                    p));
        }
        Map<String, Double> p = new LinkedHashMap<>();
        p.put("delta", settings.phDelta());
        p.put("lambda", settings.phLambda());
        p.put("alpha", settings.phAlpha());
        p.put("min_observations", (double) settings.phMinObservations());
        out.add(new DetectorState(
                PAGE_HINKLEY,
                ddm == null ? "squared_error" : "log_loss",
                finite(ph.statistic()),
                finite(ph.threshold()),
                ph.observations(),
                ph.statistic() > ph.threshold() ? DetectorState.DRIFT : DetectorState.STABLE,
                p));
        return out;
    }

    private String ddmState() {
        if (ddm.observations() < settings.ddmMinObservations()) {
            return DetectorState.STABLE;
        }
        if (ddm.statistic() >= ddm.threshold()) {
            return DetectorState.DRIFT;
        }
        return ddm.statistic() >= ddm.warningThreshold() ? DetectorState.WARNING : DetectorState.STABLE;
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : (v > 0 ? Double.MAX_VALUE : 0);
    }
}
