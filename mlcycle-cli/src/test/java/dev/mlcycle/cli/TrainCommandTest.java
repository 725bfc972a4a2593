package dev.mlcycle.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {
    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    static TrainCommand parsed(String... args) {
        CommandLine cli = Main.commandLine();
        CommandLine.ParseResult result = cli.parseArgs(args);
        return (TrainCommand) result.subcommand().commandSpec().userObject();
    }

    @Test
    void parsesEveryOption() {
        TrainCommand t = parsed(
                "train",
                "--model",
                "credit-default",
                "--algorithm",
                "xgboost",
                "--param",
                "max-depth=3",
                "--param",
                "trees=200",
                "--seed",
                "7",
                "--snapshot",
                "4711",
                "--reason",
                "deeper trees",
                "--no-wait",
                "--json",
                "--training-url",
                "http://train:9000",
                "--token",
                "t",
                "--data-dir",
                "/srv/mlcycle");
        assertThat(t.model).isEqualTo("credit-default");
        assertThat(t.algorithm).isEqualTo("xgboost");
        assertThat(t.params).containsExactly("max-depth=3", "trees=200");
        assertThat(t.seed).isEqualTo(7L);
        assertThat(t.snapshot).isEqualTo(4711L);
        assertThat(t.reason).isEqualTo("deeper trees");
        assertThat(t.noWait).isTrue();
        assertThat(t.json).isTrue();
        assertThat(t.training.url).isEqualTo("http://train:9000");
        assertThat(t.training.token).isEqualTo("t");
        assertThat(t.training.dataDir).isEqualTo(Path.of("/srv/mlcycle"));
    }

    @Test
    void leavesOutWhatIsNotGiven() {
        TrainCommand t = parsed("train", "--model", "credit-default");
        assertThat(t.params).isNull();
        assertThat(t.seed).isNull();
        assertThat(t.snapshot).isNull();
        assertThat(t.noWait).isFalse();
        ObjectNode body =
                TrainCommand.requestBody(t.model, null, TrainCommand.parseParams(t.params), null, null, null, null);
        assertThat(body.toString()).isEqualTo("{\"model\":\"credit-default\"}");
    }

    @Test
    void buildsTheRequestBodyInTheServicesSnakeCase() {
        ObjectNode body = TrainCommand.requestBody(
                "credit-default", " XGBoost ", Map.of("max-depth", "3"), 7L, 4711L, null, "  after the fix ");
        assertThat(body.toString())
                .isEqualTo("{\"model\":\"credit-default\",\"algorithm\":\"xgboost\",\"params\":{\"max-depth\":\"3\"},"
                        + "\"seed\":7,\"snapshot_id\":4711,\"reason\":\"after the fix\"}");
        assertThat(TrainCommand.requestBody("m", null, Map.of(), null, null, null, " ")
                        .has("reason"))
                .isFalse();
        assertThat(TrainCommand.requestBody("m", null, Map.of(), Long.MIN_VALUE, Long.MAX_VALUE, null, null)
                        .toString())
                .isEqualTo("{\"model\":\"m\",\"seed\":" + Long.MIN_VALUE + ",\"snapshot_id\":" + Long.MAX_VALUE + "}");
    }

    @Test
    void refusesAnUnknownAlgorithmListingTheKnownOnes() {
        assertThatThrownBy(() -> TrainCommand.requestBody("m", "svm", Map.of(), null, null, null, null))
                .isInstanceOfSatisfying(
                        MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT))
                .hasMessage("--algorithm: expected one of logistic-regression, xgboost, cart, random-forest,"
                        + " linear-regression, got \"svm\"");
        assertThat(TrainCommand.ALGORITHM_LIST).isEqualTo(String.join(", ", TrainCommand.ALGORITHMS));
    }

    @Test
    void refusesABadModelName() {
        assertThatThrownBy(() -> TrainCommand.requestBody("Credit Default", null, Map.of(), null, null, null, null))
                .hasMessage("--model: model name: expected [a-z][a-z0-9_-]{0,62}, got \"Credit Default\"");
    }

    @Test
    void parsesParamsInTheOrderGivenKeepingEqualsSignsInValues() {
        assertThat(TrainCommand.parseParams(List.of("max-depth=3", " eta = 0.1 ", "expr=a=b")))
                .containsExactly(Map.entry("max-depth", "3"), Map.entry("eta", "0.1"), Map.entry("expr", "a=b"));
        assertThat(TrainCommand.parseParams(null)).isEmpty();
        assertThat(TrainCommand.parseParams(List.of())).isEmpty();
    }

    @Test
    void refusesAParamWithoutEqualsSign() {
        assertThatThrownBy(() -> TrainCommand.parseParams(List.of("max-depth")))
                .isInstanceOfSatisfying(
                        MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT))
                .hasMessage("--param \"max-depth\": expected NAME=VALUE, like max-depth=3");
    }

    @Test
    void refusesAParamWithoutNameOrValue() {
        assertThatThrownBy(() -> TrainCommand.parseParams(List.of("=3")))
                .hasMessage("--param \"=3\": expected a name before \"=\", like max-depth=3");
        assertThatThrownBy(() -> TrainCommand.parseParams(List.of("max-depth=")))
                .hasMessage("--param \"max-depth=\": expected a value after \"=\", like max-depth=3");
        assertThatThrownBy(() -> TrainCommand.parseParams(List.of("max-depth=  ")))
                .hasMessageContaining("expected a value after");
    }

    @Test
    void refusesAParamNameWithSpacesOrOddCharacters() {
        assertThatThrownBy(() -> TrainCommand.parseParams(List.of("max depth=3")))
                .hasMessage("--param \"max depth=3\": expected a name of letters, digits, \".\", \"_\" and \"-\", got"
                        + " \"max depth\"");
        assertThatThrownBy(() -> TrainCommand.parseParams(List.of("-x=1"))).hasMessageContaining("got \"-x\"");
    }

    @Test
    void refusesAParamGivenTwice() {
        assertThatThrownBy(() -> TrainCommand.parseParams(List.of("trees=10", "eta=1", "trees=20")))
                .hasMessage("--param trees given twice (10 and 20): expected it once");
    }

    @Test
    void aBadParamExitsWithUsageBeforeAnyCall(@TempDir Path empty) {
        // No token file and no service: the param is refused first.
        Run r = run("train", "--model", "credit-default", "--param", "max-depth", "--data-dir", empty.toString());
        assertThat(r.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err())
                .isEqualTo("mlcycle train: --param \"max-depth\": expected NAME=VALUE, like max-depth=3"
                        + System.lineSeparator());
    }

    @Test
    void picocliRefusesMissingModelAndNonNumericSeed() {
        Run missing = run("train");
        assertThat(missing.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(missing.err()).contains("Missing required option: '--model=NAME'");
        Run seed = run("train", "--model", "m", "--seed", "abc");
        assertThat(seed.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(seed.err()).contains("Invalid value for option '--seed'");
    }

    @Test
    void aMissingTokenFileExitsWithUsageSayingWhereItLooked(@TempDir Path empty) {
        Run r = run("train", "--model", "credit-default", "--data-dir", empty.toString());
        assertThat(r.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err())
                .startsWith("mlcycle train: no admin token: " + empty.resolve("admin-token") + " does not exist");
    }

    @Test
    void helpListsTheAlgorithmsAndTheExitStatuses() {
        Run r = run("train", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .contains("--param=NAME=VALUE", "--no-wait", "--training-url=URL", "--token=TOKEN")
                .contains("Algorithms: logistic-regression, xgboost, cart, random-forest, linear-regression")
                .contains("69 training-service unreachable");
    }
}
