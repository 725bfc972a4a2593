package dev.mlcycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicsCommandTest {
    @Test
    void showsRetentionInTheLargestWholeUnit() {
        assertThat(TopicsCommand.retention(-1)).isEqualTo("forever");
        assertThat(TopicsCommand.retention(7L * 24 * 3600 * 1000)).isEqualTo("7d");
        assertThat(TopicsCommand.retention(36L * 3600 * 1000)).isEqualTo("36h");
        assertThat(TopicsCommand.retention(90L * 60 * 1000)).isEqualTo("90m");
    }
}
