package dev.mlcycle.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.contracts.record.ModelRecord;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mlcycle rollback}: points a model's champion back at the version it pointed at before, through
 * training-service ({@code POST /models/{name}/rollback}, admin token), and prints the aliases and the
 * audit entry the change made.
 */
@Command(
        name = "rollback",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Point a model's champion back at the version it pointed at before.",
            "Goes through training-service, which records it in mlcycle.registry;",
            "serving swaps back. Prints the new aliases and the audit entry, which",
            "names you ($USER) and the reason."
        },
        footer = {"", "Example:", "  mlcycle rollback --model credit-default --reason \"v4 misprices the south region\""
        })
final class RollbackCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "NAME", description = "The model.")
    String model;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the audit trail.")
    String reason;

    @Mixin
    TrainingOptions training;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PromoteCommand.requireModel(model);
        ObjectNode body = Json.mapper().createObjectNode();
        PromoteCommand.putReason(body, reason);
        TrainingClient client = training.adminClient();
        ModelRecord after = PromoteCommand.decode(
                client.post("/models/" + TrainingClient.segment(model) + "/rollback", body), client);
        PromoteCommand.changed(after).forEach(out::println);
        out.flush();
        return 0;
    }
}
