package dev.mlcycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training-service commands against a port where nothing listens: they say how to start it, exit 69. */
class TrainCommandIT {
    @TempDir
    Path data;

    String url;

    @BeforeEach
    void aPortWhereNothingListens() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        url = "http://127.0.0.1:" + port;
        Files.writeString(data.resolve("admin-token"), "test-token\n");
    }

    @Test
    void trainExitsWithUnavailableAndTheHintToStartIt() {
        TrainCommandTest.Run r = TrainCommandTest.run(
                "train", "--model", "credit-default", "--training-url", url, "--data-dir", data.toString());
        assertThat(r.exit()).isEqualTo(Main.EXIT_UNAVAILABLE);
        assertThat(r.err())
                .isEqualTo("mlcycle train: no answer from training-service at " + url + " (connection refused); is it"
                        + " running? Start it with `mlcycle up`, or point --training-url (or MLCYCLE_TRAINING_URL) at"
                        + " it" + System.lineSeparator());
        assertThat(r.out()).isEmpty();
    }

    @Test
    void trainWithoutWaitingIsJustAsClear() {
        TrainCommandTest.Run r = TrainCommandTest.run(
                "train", "--model", "credit-default", "--no-wait", "--json", "--training-url", url, "--token", "t");
        assertThat(r.exit()).isEqualTo(Main.EXIT_UNAVAILABLE);
        assertThat(r.err()).contains("Start it with `mlcycle up`");
    }

    @Test
    void promoteAndRollbackSayTheSame() {
        TrainCommandTest.Run p = TrainCommandTest.run(
                "promote",
                "--model",
                "credit-default",
                "--version",
                "2",
                "--training-url",
                url,
                "--data-dir",
                data.toString());
        assertThat(p.exit()).isEqualTo(Main.EXIT_UNAVAILABLE);
        assertThat(p.err()).startsWith("mlcycle promote: no answer from training-service at " + url);
        TrainCommandTest.Run r = TrainCommandTest.run(
                "rollback", "--model", "credit-default", "--training-url", url, "--data-dir", data.toString());
        assertThat(r.exit()).isEqualTo(Main.EXIT_UNAVAILABLE);
        assertThat(r.err()).contains("Start it with `mlcycle up`");
    }
}
