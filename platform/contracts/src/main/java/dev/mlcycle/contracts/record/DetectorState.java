package dev.mlcycle.contracts.record;

import java.util.Map;

/**
 * Where a streaming change detector stands at the end of a window. Nested in {@link DriftReport}.
 *
 * @param detector {@code ddm} (Gama et al. 2004, on the stream of errors) or {@code page_hinkley} (Page 1954,
 *     on the stream of losses)
 * @param stream what it watches, e.g. {@code errors} or {@code log_loss}
 * @param statistic its test statistic now (DDM: p + s; Page-Hinkley: m_T - M_T)
 * @param threshold the level that signals drift (DDM: p_min + 3 s_min; Page-Hinkley: lambda)
 * @param observations how many values it has seen since it last reset, {@code >= 0}
 * @param state {@code stable}, {@code warning} or {@code drift}
 * @param parameters its parameters by name (e.g. {@code delta}, {@code lambda}, {@code min_observations})
 */
public record DetectorState(
        String detector,
        String stream,
        double statistic,
        double threshold,
        long observations,
        String state,
        Map<String, Double> parameters) {
    public static final String STABLE = "stable";
    public static final String WARNING = "warning";
    public static final String DRIFT = "drift";

    public DetectorState {
        Fields.text(detector, "detector");
        Fields.text(stream, "stream");
        Fields.finite(statistic, "statistic");
        Fields.finite(threshold, "threshold");
        Fields.atLeast(observations, 0, "observations");
        Fields.text(state, "state");
        if (!state.equals(STABLE) && !state.equals(WARNING) && !state.equals(DRIFT)) {
            throw new IllegalArgumentException(
                    "field \"state\": expected stable, warning or drift, got \"" + state + "\"");
        }
        parameters = Fields.optionalNumbers(parameters, "parameters");
    }
}
