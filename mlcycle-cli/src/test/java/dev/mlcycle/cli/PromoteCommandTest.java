package dev.mlcycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The options of promote and rollback, refused before any call to training-service. */
class PromoteCommandTest {
    @TempDir
    Path empty;

    @Test
    void refusesAnAliasOtherThanChampionOrChallenger() {
        TrainCommandTest.Run r = TrainCommandTest.run(
                "promote",
                "--model",
                "credit-default",
                "--version",
                "3",
                "--alias",
                "canary",
                "--data-dir",
                empty.toString());
        assertThat(r.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("mlcycle promote: --alias: expected champion or challenger, got \"canary\"");
    }

    @Test
    void refusesAVersionBelowOne() {
        for (String v : new String[] {"0", "-1"}) {
            TrainCommandTest.Run r = TrainCommandTest.run(
                    "promote", "--model", "credit-default", "--version", v, "--data-dir", empty.toString());
            assertThat(r.exit()).isEqualTo(Main.EXIT_USAGE);
            assertThat(r.err()).contains("--version: expected a version number >= 1, got " + v);
        }
        TrainCommandTest.Run huge = TrainCommandTest.run("promote", "--model", "m", "--version", "99999999999");
        assertThat(huge.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(huge.err()).contains("Invalid value for option '--version'");
    }

    @Test
    void needsModelAndVersion() {
        TrainCommandTest.Run r = TrainCommandTest.run("promote", "--model", "credit-default");
        assertThat(r.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("Missing required option: '--version=V'");
        TrainCommandTest.Run rb = TrainCommandTest.run("rollback");
        assertThat(rb.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(rb.err()).contains("Missing required option: '--model=NAME'");
    }

    @Test
    void refusesABadModelName() {
        TrainCommandTest.Run r = TrainCommandTest.run("rollback", "--model", "Credit!", "--data-dir", empty.toString());
        assertThat(r.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("--model: model name: expected");
    }

    @Test
    void saysWhereTheTokenWasLookedForBeforeCalling() {
        TrainCommandTest.Run r =
                TrainCommandTest.run("rollback", "--model", "credit-default", "--data-dir", empty.toString());
        assertThat(r.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("no admin token: " + empty.resolve("admin-token"));
    }

    @Test
    void helpWorksThoughVersionIsTheModelVersion() {
        TrainCommandTest.Run r = TrainCommandTest.run("promote", "--help");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("-h, --help", "--version=V", "The version to point the alias at.");
        TrainCommandTest.Run rb = TrainCommandTest.run("rollback", "--help");
        assertThat(rb.exit()).isZero();
        assertThat(rb.out()).contains("--reason=TEXT");
    }
}
