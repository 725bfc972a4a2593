package dev.mlcycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.kafka.local.junit.Bootstrap;
import dev.mlcycle.kafka.local.junit.WithLocalKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line in-process, against the shared local broker. */
@WithLocalKafka(datasets = "credit")
class CommandLineIT {
    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void listsTheContractTopicsOfTheBroker(@Bootstrap String bootstrap) {
        Run r = run("topics", "--bootstrap", bootstrap);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("TOPIC", "mlcycle.events.credit", "mlcycle.registry", "compact");
    }

    @Test
    void saysClearlyWhenNoBrokerAnswers() {
        Run r = run("topics", "--bootstrap", "127.0.0.1:1");
        assertThat(r.exit()).isEqualTo(Main.EXIT_UNAVAILABLE);
        assertThat(r.err()).contains("mlcycle topics:").contains("is it running?");
    }

    @Test
    void refusesAnUnknownDatasetBeforeStartingAnything(@TempDir Path dir) {
        Run r = run("up", "--data-dir", dir.toString(), "--dataset", "nosuch");
        assertThat(r.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("no dataset named \"nosuch\": expected one of [credit, housing]");
        assertThat(dir.resolve("kafka")).doesNotExist();
    }

    @Test
    void refusesABrokenSpecFileNamingFileAndField(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("datasets"));
        Files.writeString(
                dir.resolve("datasets/shop.yaml"),
                "name: shop\nkey: k\nid: id\ntimestamp: t\nlabel: {name: y, type: numeric, arrives: inline}\nfeatures: [{name: price, type: money}]\n");
        Run r = run("up", "--data-dir", dir.toString(), "--dataset", "shop");
        assertThat(r.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err())
                .contains(
                        "shop.yaml: features[0].type: expected one of numeric, integer, categorical, boolean, got \"money\"");
    }

    @Test
    void rejectsUnknownOptionsWithUsage() {
        Run r = run("topics", "--colour");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--colour'");
    }

    @Test
    void refusesADataDirThatIsAFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("data"), "x");
        Run r = run(
                "generate",
                "--data-dir",
                file.toString(),
                "--events",
                "10",
                "--output",
                dir.resolve("o.jsonl").toString());
        assertThat(r.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("--data-dir = " + file + ": expected a directory, found a file");
    }

    @Test
    void generatesToAFileWithAManifestWithoutABroker(@TempDir Path dir) throws Exception {
        Run r = run(
                "generate",
                "--data-dir",
                dir.toString(),
                "--events",
                "500",
                "--malformed",
                "0.02",
                "--seed",
                "3",
                "--output",
                dir.resolve("o.jsonl").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("500 valid + 10 malformed").contains("500 labels");
        assertThat(Files.readAllLines(dir.resolve("o.jsonl"))).hasSize(1010);
        assertThat(dir.resolve("generated/credit-seed3.manifest.json")).isRegularFile();
    }

    @Test
    void generatesTheHousingDatasetWithNumericLabels(@TempDir Path dir) throws Exception {
        Run r = run(
                "generate",
                "--data-dir",
                dir.toString(),
                "--dataset",
                "housing",
                "--events",
                "300",
                "--seed",
                "5",
                "--output",
                dir.resolve("o.jsonl").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("300 labels");
        List<String> lines = Files.readAllLines(dir.resolve("o.jsonl"));
        assertThat(lines).hasSize(600);
        assertThat(lines.stream().filter(l -> l.contains("\"topic\":\"mlcycle.events.housing\"")))
                .hasSize(300)
                .allSatisfy(l -> assertThat(l).contains("area_m2"));
        assertThat(lines.stream().filter(l -> l.contains("\"topic\":\"mlcycle.labels.housing\"")))
                .hasSize(300)
                .allSatisfy(l -> assertThat(l).containsPattern("price\\\\\":[0-9]+\\.[0-9]"));
        assertThat(dir.resolve("generated/housing-seed5.manifest.json")).isRegularFile();
    }
}
