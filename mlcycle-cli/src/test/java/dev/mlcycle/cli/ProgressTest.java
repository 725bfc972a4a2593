package dev.mlcycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void drawsABarWithCountsRateAndTimeLeft() {
        String line = Progress.line(45_000, 100_000, 10_000, 4.5, "events");
        assertThat(line)
                .isEqualTo("[##############................]  45% 45,000/100,000 events  10,000 events/s  ETA 6s");
    }

    @Test
    void showsElapsedTimeWhenDoneAndNoBarWithoutATotal() {
        assertThat(Progress.line(100_000, 100_000, 50_000, 2, "events"))
                .endsWith("100% 100,000/100,000 events  50,000 events/s  2s");
        assertThat(Progress.line(1234, 0, 100, 12.3, "records")).isEqualTo("1,234 records  100 records/s  12s");
    }

    @Test
    void neverShowsMoreThanAFullBarWhenCountsOvershoot() {
        assertThat(Progress.line(120, 100, 10, 12, "x")).startsWith("[##############################] 100%");
    }

    @Test
    void formatsLongDurations() {
        assertThat(Progress.duration(59.4)).isEqualTo("59s");
        assertThat(Progress.duration(61)).isEqualTo("1m01s");
        assertThat(Progress.duration(3 * 3600 + 7 * 60 + 5)).isEqualTo("3h07m");
    }

    @Test
    void printsPlainLinesWhenNotOnATerminalAndAlwaysTheLastOne() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), "events", 10, false);
        p.update(1);
        p.update(2); // within the interval: not printed
        p.finish(10);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("\r");
        assertThat(out.lines().toList()).hasSize(2);
        assertThat(out.lines().toList().get(1)).contains("100% 10/10 events");
    }
}
