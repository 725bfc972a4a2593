package dev.mlcycle.cli;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.TopicSpec;
import dev.mlcycle.contracts.spec.DatasetCatalog;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.kafka.local.LocalKafka;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mlcycle up}: starts a real Kafka broker (KRaft) with the contract topics, then the services
 * from their built jars as child processes (ingest, then training, then serving, then monitoring), watches them and restarts a service that
 * crashes; stays in the foreground until Ctrl-C, then stops the services and then the broker.
 */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = {
            "Start mlcycle locally: Kafka (KRaft) with all contract topics, and the services.",
            "The services: ingest, training, serving and monitoring. A service that crashes is",
            "restarted after 1 s, 2 s, 4 s ... at most 30 s; after 5 crashes within 2",
            "minutes, mlcycle gives up on it.",
            "Stays in the foreground; Ctrl-C stops the services, then Kafka."
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

    @Option(
            names = "--ingest-port",
            paramLabel = "PORT",
            description = "Port of the ingest service (default: ${DEFAULT-VALUE}).",
            defaultValue = "8081")
    int ingestPort;

    @Option(
            names = "--ingest-heap",
            paramLabel = "SIZE",
            description = "Heap of the ingest service, e.g. 512m or 2g (default: ${DEFAULT-VALUE}).",
            defaultValue = "1g")
    String ingestHeap;

    @Option(names = "--no-ingest", description = "Do not start the ingest service.")
    boolean noIngest;

    @Option(
            names = "--training-port",
            paramLabel = "PORT",
            description = "Port of the training service (default: ${DEFAULT-VALUE}).",
            defaultValue = "8082")
    int trainingPort;

    @Option(
            names = "--training-heap",
            paramLabel = "SIZE",
            description = "Heap of the training service, e.g. 1g or 4g (default: ${DEFAULT-VALUE}); a run holds its"
                    + " dataset in memory: about 3 GB for a million credit rows.",
            defaultValue = "4g")
    String trainingHeap;

    @Option(names = "--no-training", description = "Do not start the training service.")
    boolean noTraining;

    @Option(
            names = "--serving-port",
            paramLabel = "PORT",
            description = "Port of the serving service (Open Inference Protocol v2; default: ${DEFAULT-VALUE}).",
            defaultValue = "8080")
    int servingPort;

    @Option(
            names = "--serving-heap",
            paramLabel = "SIZE",
            description = "Heap of the serving service, e.g. 1g or 2g (default: ${DEFAULT-VALUE}); it holds the"
                    + " champion, challenger and last retained versions of every model.",
            defaultValue = "1g")
    String servingHeap;

    @Option(names = "--no-serving", description = "Do not start the serving service.")
    boolean noServing;

    @Option(
            names = "--monitoring-port",
            paramLabel = "PORT",
            description = "Port of the monitoring service (drift reports, alerts; default: ${DEFAULT-VALUE}).",
            defaultValue = "8083")
    int monitoringPort;

    @Option(
            names = "--monitoring-heap",
            paramLabel = "SIZE",
            description = "Heap of the monitoring service (default: ${DEFAULT-VALUE}); its windows live in RocksDB.",
            defaultValue = "512m")
    String monitoringHeap;

    @Option(names = "--no-monitoring", description = "Do not start the monitoring service.")
    boolean noMonitoring;

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
        // Everything a service needs is checked before the broker starts, too.
        List<ServicePlan> plans = plan(MlcycleHome.find(System.getenv(MlcycleHome.ENV)));
        for (ServicePlan p : plans) {
            ServiceProcess.requirePortFree(p.portOption(), p.port());
        }

        LocalKafka kafka = LocalKafka.builder(dataDir.resolve("kafka"))
                .brokerPort(kafkaPort)
                .controllerPort(controllerPort)
                .mode(inProcess ? LocalKafka.Mode.IN_PROCESS : LocalKafka.Mode.CHILD_PROCESS)
                .childHeap(brokerHeap)
                .build();
        List<ServiceProcess> services = new CopyOnWriteArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    stopAll(out, services, kafka);
                    stopped.countDown();
                },
                "mlcycle-up-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            kafka.start();
            List<TopicSpec> topics = LocalKafka.contractTopics(checked);
            List<String> created = kafka.ensureTopics(topics);
            for (ServicePlan p : plans) {
                ServiceProcess service = new ServiceProcess(p.definition(dataDir, kafka.bootstrapServers()), out);
                services.add(service);
                service.start();
            }
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
            for (ServiceProcess s : services) {
                out.printf(
                        Locale.ROOT,
                        "  %-9s %s  (pid %d, started in %.1f s, log %s)%n",
                        s.definition().name(),
                        s.definition().url(),
                        s.pid(),
                        s.startDuration().toMillis() / 1000.0,
                        s.definition().log());
            }
            out.printf(Locale.ROOT, "  data      %s%n", dataDir);
            if (!inProcess) {
                out.printf(Locale.ROOT, "  log       %s%n", kafka.childLogFile());
            }
            out.printf(Locale.ROOT, "  datasets  %s%n", String.join(", ", checked));
            out.printf(Locale.ROOT, "  topics    %d (%d created now)%n", topics.size(), created.size());
            out.printf(Locale.ROOT, "Press Ctrl-C to stop.%n");
            out.flush();
        } catch (RuntimeException e) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C during start-up: the hook is already stopping everything.
                stopped.await();
                throw e;
            }
            for (ServiceProcess s : services) {
                s.close();
            }
            kafka.close();
            throw e;
        }
        stopped.await();
        return 0;
    }

    /**
     * A service {@code up} starts, checked before anything starts.
     *
     * @param name its short name, as in the summary and its log file {@code <data>/logs/<name>.log}
     * @param jar its built Quarkus fast-jar
     * @param port its HTTP port
     * @param portOption the option that sets the port, for messages
     * @param heap its {@code -Xmx}
     */
    record ServicePlan(String name, Path jar, int port, String portOption, String heap) {
        /** How to run it against this data directory and broker. */
        ServiceProcess.Definition definition(Path dataDir, String bootstrap) {
            return ServiceProcess.Definition.quarkus(
                    name,
                    jar,
                    heap,
                    serviceEnvironment(dataDir, bootstrap, port),
                    port,
                    dataDir.resolve("logs").resolve(name + ".log"),
                    dataDir);
        }
    }

    /**
     * The services to start, in order (ingest, then training, then serving, then monitoring), less those turned off: each one's port
     * and heap checked and its jar found in the checkout {@code root}.
     *
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} for a bad port or heap, or two services on
     *     one port; {@link Reason#NOT_FOUND} for a jar that is not built, saying how to build it
     */
    List<ServicePlan> plan(java.util.Optional<Path> root) {
        List<ServicePlan> plans = new ArrayList<>();
        if (!noIngest) {
            plans.add(planOne(
                    root,
                    "ingest",
                    "ingest-service",
                    "--ingest-port",
                    ingestPort,
                    "--ingest-heap",
                    ingestHeap,
                    "--no-ingest"));
        }
        if (!noTraining) {
            plans.add(planOne(
                    root,
                    "training",
                    "training-service",
                    "--training-port",
                    trainingPort,
                    "--training-heap",
                    trainingHeap,
                    "--no-training"));
        }
        if (!noServing) {
            plans.add(planOne(
                    root,
                    "serving",
                    "serving-service",
                    "--serving-port",
                    servingPort,
                    "--serving-heap",
                    servingHeap,
                    "--no-serving"));
        }
        if (!noMonitoring) {
            plans.add(planOne(
                    root,
                    "monitoring",
                    "monitoring-service",
                    "--monitoring-port",
                    monitoringPort,
                    "--monitoring-heap",
                    monitoringHeap,
                    "--no-monitoring"));
        }
        for (int i = 0; i < plans.size(); i++) {
            for (int j = i + 1; j < plans.size(); j++) {
                if (plans.get(i).port() == plans.get(j).port()) {
                    throw new MlcycleException(
                            Reason.INVALID_ARGUMENT,
                            plans.get(i).portOption() + " and " + plans.get(j).portOption() + " are both "
                                    + plans.get(i).port() + ": expected a port of its own for each service");
                }
            }
        }
        return plans;
    }

    private static ServicePlan planOne(
            java.util.Optional<Path> root,
            String name,
            String module,
            String portOption,
            int port,
            String heapOption,
            String heap,
            String skipOption) {
        requirePort(portOption, port);
        requireHeap(heapOption, heap);
        return new ServicePlan(name, MlcycleHome.quarkusJar(root, module, skipOption), port, portOption, heap);
    }

    /** Services first, newest first, so none loses its broker while it still flushes; then Kafka. */
    private static void stopAll(PrintWriter out, List<ServiceProcess> services, LocalKafka kafka) {
        List<ServiceProcess> reversed = new ArrayList<>(services);
        Collections.reverse(reversed);
        for (ServiceProcess s : reversed) {
            if (s.isRunning()) {
                say(out, "mlcycle: stopping " + s.definition().name() + " ...");
            }
            s.close();
        }
        say(out, "mlcycle: stopping Kafka ...");
        kafka.close();
        say(out, "mlcycle: stopped.");
    }

    private static void say(PrintWriter out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    /**
     * What every service is started with: where the data and the broker are, its port, and this
     * process's id, so that a service exits by itself when {@code mlcycle up} dies without stopping it.
     */
    static Map<String, String> serviceEnvironment(Path dataDir, String bootstrap, int port) {
        return Map.of(
                "MLCYCLE_DATA_DIR", dataDir.toAbsolutePath().toString(),
                "MLCYCLE_KAFKA_BOOTSTRAP", bootstrap,
                "QUARKUS_HTTP_PORT", Integer.toString(port),
                // Local mode answers on this machine only, like the broker.
                "QUARKUS_HTTP_HOST", "127.0.0.1",
                "MLCYCLE_PARENT_PID", Long.toString(ProcessHandle.current().pid()));
    }

    static void requirePort(String option, int port) {
        if (port < 1 || port > 65535) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, option + ": expected a port in 1-65535, got " + port);
        }
    }

    private static final Pattern HEAP = Pattern.compile("[1-9][0-9]{0,11}[kKmMgG]?");

    static void requireHeap(String option, String heap) {
        if (heap == null || !HEAP.matcher(heap).matches()) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    option + ": expected a size with k, m or g, like 512m or 1g, got \"" + heap + "\"");
        }
    }
}
