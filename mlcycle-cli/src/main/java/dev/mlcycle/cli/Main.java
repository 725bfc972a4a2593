package dev.mlcycle.cli;

import dev.mlcycle.contracts.MlcycleException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mlcycle} command. Each subcommand is a class of its own in this package. */
@Command(
        name = "mlcycle",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "The machine-learning production cycle on Apache Kafka.",
        subcommands = {
            UpCommand.class,
            GenerateCommand.class,
            TopicsCommand.class,
            DlqCommand.class,
            LakeCommand.class,
            TrainCommand.class,
            ScoreCommand.class,
            RunsCommand.class,
            ModelsCommand.class,
            PromoteCommand.class,
            RollbackCommand.class,
            PredictCommand.class,
            DriftCommand.class,
            AlertsCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main {
    /** Exit status for bad input (options, specs): as {@code sysexits.h} EX_USAGE / EX_DATAERR. */
    static final int EXIT_USAGE = 2;
    /** Exit status when a dependency such as the broker is unreachable. */
    static final int EXIT_UNAVAILABLE = 69;
    /** Exit status for anything else that failed. */
    static final int EXIT_FAILURE = 1;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit status, for tests. */
    public static int run(String... args) {
        CommandLine cli = commandLine();
        return cli.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof MlcycleException m) {
                line.getErr().println("mlcycle " + line.getCommandName() + ": " + m.getMessage());
                return switch (m.reason()) {
                    case INVALID_ARGUMENT,
                            INVALID_SPEC,
                            INVALID_RECORD,
                            SCHEMA_MISMATCH,
                            NOT_FOUND,
                            MODEL_NOT_FOUND -> EXIT_USAGE;
                    case UNAVAILABLE, OVERLOADED -> EXIT_UNAVAILABLE;
                    default -> EXIT_FAILURE;
                };
            }
            line.getErr().println("mlcycle " + line.getCommandName() + ": failed: " + ex);
            ex.printStackTrace(line.getErr());
            return EXIT_FAILURE;
        });
        return cli;
    }

    /** The version from the jar manifest, when run from the packaged jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"mlcycle " + (v == null ? "(development build)" : v)};
        }
    }
}
