package dev.mlcycle.monitoring.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.contracts.record.Alert.AlertKind;
import dev.mlcycle.monitoring.drift.Reference;
import dev.mlcycle.monitoring.topology.TopologySettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A short calibration run through the real topology with the service's defaults: a 0.5 sigma income shift is an
 * alert naming income within two windows of the change point with no alert before it, and the replay that the long
 * calibration uses decides exactly as the topology does on the same stream.
 */
class CalibrationTest {
    static final int WINDOW = TopologySettings.defaults().windowRows();

    @Test
    void aHalfSigmaIncomeShiftAlertsWithinTwoWindowsAndTheReplayDecidesAsTheTopology() {
        Harness.TrueModel model = new Harness.TrueModel();
        Reference reference = Harness.reference(model, 1_001, Calibration.TRAIN_ROWS, Calibration.TEST_ROWS);
        var options = Harness.options(
                        1,
                        6L * WINDOW,
                        "covariate:at=" + 3 * WINDOW + ",features=income,size=0.5",
                        Calibration.FAST_LABELS)
                .build();
        TopologySettings settings = TopologySettings.defaults();

        Replay.Result topology = Replay.Result.of(Harness.run(options, model, reference, settings, false));
        Replay.Result replay = Replay.run(options, model, reference, settings);

        long changeWindow = 4;
        assertThat(topology.manifest().changePoints().get(0).index() / WINDOW + 1)
                .isEqualTo(changeWindow);
        assertThat(topology.windows()).hasSize(6);
        List<Replay.Fired> fired =
                topology.alerts().stream().filter(Replay.Fired::firing).toList();
        assertThat(fired).noneMatch(a -> a.window() < changeWindow);
        assertThat(fired)
                .filteredOn(a -> a.kind() == AlertKind.DATA_DRIFT)
                .singleElement()
                .satisfies(a -> {
                    assertThat(a.window()).isBetween(changeWindow, changeWindow + 2);
                    assertThat(a.features()).contains("income");
                });
        assertThat(replay.windows())
                .extracting(Replay.Win::window, Replay.Win::findings, Replay.Win::drifted)
                .containsExactlyElementsOf(topology.windows().stream()
                        .map(w -> org.assertj.core.groups.Tuple.tuple(w.window(), w.findings(), w.drifted()))
                        .toList());
        assertThat(replay.alerts()).containsExactlyElementsOf(topology.alerts());
    }
}
