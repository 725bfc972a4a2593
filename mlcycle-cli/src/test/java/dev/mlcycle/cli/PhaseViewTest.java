package dev.mlcycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcycle.contracts.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhaseViewTest {
    static final long S = 1_000_000_000L;

    StringWriter text = new StringWriter();

    PhaseView view(boolean terminal) {
        return new PhaseView(new PrintWriter(text, true), terminal, 0);
    }

    static JsonNode progress(String phase, long done, long total, String detail) {
        return Json.mapper()
                .createObjectNode()
                .put("phase", phase)
                .put("done", done)
                .put("total", total)
                .put("detail", detail);
    }

    List<String> lines() {
        return text.toString().lines().toList();
    }

    @Test
    void printsALinePerPhaseChangeWithTheTimeSinceFollowingBegan() {
        PhaseView v = view(false);
        v.update("QUEUED", null, 0);
        v.update("QUEUED", null, S / 2);
        v.update("RUNNING", progress("reading", 0, 0, "reading credit from the lake"), S);
        v.update("RUNNING", progress("validating", 0, 0, "checking 1000 rows"), 2 * S + S / 2);
        v.end(3 * S);
        assertThat(lines())
                .containsExactly(
                        "   0.0s  queued      waiting for a trainer",
                        "   1.0s  reading     reading credit from the lake",
                        "   2.5s  validating  checking 1000 rows");
    }

    @Test
    void showsRowsReadWithTheRateSeenBetweenPollsAndTheFinalCountWhenThePhaseEnds() {
        PhaseView v = view(false);
        v.update("RUNNING", progress("reading", 100_000, 0, "reading credit"), 0);
        v.update("RUNNING", progress("reading", 300_000, 0, "reading credit"), S);
        v.update("RUNNING", progress("reading", 500_000, 0, "reading credit"), 2 * S);
        v.update("RUNNING", progress("validating", 0, 0, "checking"), 3 * S);
        List<String> lines = lines();
        // The first poll has no rate yet; polls within 5 s print nothing more; the phase's end prints the count.
        assertThat(lines)
                .containsExactly(
                        "   0.0s  reading     reading credit",
                        PhaseView.INDENT + "100,000 rows  0s",
                        PhaseView.INDENT + "500,000 rows  133,333 rows/s  3s",
                        "   3.0s  validating  checking");
    }

    @Test
    void printsAtMostALineEveryFewSecondsOffATerminal() {
        PhaseView v = view(false);
        for (int i = 0; i <= 12; i++) {
            v.update("RUNNING", progress("encoding", (i + 1) * 1000L, 13_000, "encoding"), i * S);
        }
        v.end(13 * S);
        List<String> progressLines =
                lines().stream().filter(l -> l.startsWith(PhaseView.INDENT)).toList();
        // t=0, t=5, t=10 and the end.
        assertThat(progressLines).hasSize(4);
        assertThat(progressLines.get(3)).contains("100% 13,000/13,000 rows");
    }

    @Test
    void redrawsOneLineInPlaceOnATerminalAndEndsItBeforeTheNextPhase() {
        PhaseView v = view(true);
        v.update("RUNNING", progress("searching", 1, 12, "12 fits of a 3-fold cross-validation"), 0);
        v.update("RUNNING", progress("searching", 6, 12, "12 fits of a 3-fold cross-validation"), S);
        v.update("RUNNING", progress("training", 0, 0, "xgboost on 800 rows"), 2 * S);
        String out = text.toString();
        assertThat(out).contains("\r" + PhaseView.INDENT + "[").contains("\u001b[K");
        assertThat(out).contains("1/12 fits").contains("6/12 fits");
        // The open progress line is ended before the next phase's line.
        assertThat(out).contains("\u001b[K\n   2.0s  training    xgboost on 800 rows");
    }

    @Test
    void aRunThatNeverReportsProgressPrintsOnlyItsPhases() {
        PhaseView v = view(false);
        v.update("RUNNING", progress("training", 0, 0, ""), 0);
        v.update("RUNNING", progress("training", 0, 0, ""), 10 * S);
        v.end(11 * S);
        assertThat(lines()).containsExactly("   0.0s  training");
    }

    @Test
    void countsFitsWhileSearchingAndRowsOtherwise() {
        assertThat(PhaseView.unit("searching")).isEqualTo("fits");
        assertThat(PhaseView.unit("reading")).isEqualTo("rows");
        assertThat(PhaseView.unit("something-new")).isEqualTo("rows");
    }
}
