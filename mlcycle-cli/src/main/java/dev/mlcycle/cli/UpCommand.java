package dev.mlcycle.cli;

import dev.mlcycle.contracts.TopicSpec;
import dev.mlcycle.contracts.spec.DatasetCatalog;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.kafka.local.LocalKafka;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mlcycle up}: starts a real Kafka broker (KRaft) with the contract topics and stays in the
 * foreground until Ctrl-C, then stops everything it started. Later issues add the four services.
 */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = {
            "Start mlcycle locally: a real Kafka broker (KRaft) with every contract topic.",
            "Stays in the foreground; Ctrl-C stops everything it started."
        })
final class UpCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(
            names = "--kafka-port",
            paramLabel = "PORT",
            description = "Broker port (default: ${DEFAULT-VALUE}; 0 picks a free one).",
            defaultValue = "9092")
    int kafkaPort;

    @Option(
            names = "--controller-port",
            paramLabel = "PORT",
            description = "KRaft controller port (default: ${DEFAULT-VALUE}; 0 picks a free one).",
            defaultValue = "9093")
    int controllerPort;

    @Option(
            names = "--broker-heap",
            paramLabel = "SIZE",
            description = "Broker heap, e.g. 512m or 1g (default: ${DEFAULT-VALUE}).",
            defaultValue = "512m")
    String brokerHeap;

    @Option(names = "--in-process", description = "Run the broker inside this JVM instead of as a child process.")
    boolean inProcess;

    @Option(
            names = "--dataset",
            paramLabel = "NAME",
            description = "Create the topics of these datasets (default: every known dataset).")
    List<String> datasets;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Path dataDir = common.dataDir();
        DatasetCatalog catalog = new DatasetCatalog(dataDir);
        List<String> names = datasets == null || datasets.isEmpty() ? catalog.known() : datasets;
        List<String> checked = new ArrayList<>();
        for (String name : names) {
            DatasetSpec ds = catalog.load(name); // fail before starting anything if a spec is bad
            checked.add(ds.name());
        }

        LocalKafka kafka = LocalKafka.builder(dataDir.resolve("kafka"))
                .brokerPort(kafkaPort)
                .controllerPort(controllerPort)
                .mode(inProcess ? LocalKafka.Mode.IN_PROCESS : LocalKafka.Mode.CHILD_PROCESS)
                .childHeap(brokerHeap)
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    out.println("mlcycle: stopping Kafka ...");
                    out.flush();
                    kafka.close();
                    out.println("mlcycle: stopped.");
                    out.flush();
                    stopped.countDown();
                },
                "mlcycle-up-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            kafka.start();
            List<TopicSpec> topics = LocalKafka.contractTopics(checked);
            List<String> created = kafka.ensureTopics(topics);
            out.printf(Locale.ROOT, "mlcycle is up.%n");
            out.printf(
                    Locale.ROOT,
                    "  Kafka     %s  (KRaft, %s, started in %.1f s)%n",
                    kafka.bootstrapServers(),
                    inProcess
                            ? "in this process"
                            : "child process pid "
                                    + kafka.brokerProcess()
                                            .map(p -> Long.toString(p.pid()))
                                            .orElse("?"),
                    kafka.startDuration().toMillis() / 1000.0);
            out.printf(Locale.ROOT, "  data      %s%n", dataDir);
            if (!inProcess) {
                out.printf(Locale.ROOT, "  log       %s%n", kafka.childLogFile());
            }
            out.printf(Locale.ROOT, "  datasets  %s%n", String.join(", ", checked));
            out.printf(Locale.ROOT, "  topics    %d (%d created now)%n", topics.size(), created.size());
            out.printf(Locale.ROOT, "Press Ctrl-C to stop.%n");
            out.flush();
        } catch (RuntimeException e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            kafka.close();
            throw e;
        }
        stopped.await();
        return 0;
    }
}
