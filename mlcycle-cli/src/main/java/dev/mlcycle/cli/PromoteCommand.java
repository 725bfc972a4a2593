package dev.mlcycle.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.contracts.record.AuditEntry;
import dev.mlcycle.contracts.record.ModelRecord;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mlcycle promote}: points the champion (or challenger) alias of a model at a version, through
 * training-service ({@code POST /models/{name}/promote}, admin token), and prints the aliases and the
 * audit entry the change made.
 */
@Command(
        name = "promote",
        // Not the standard -h/-V mixin: --version here is the model version, as the API calls it.
        sortOptions = false,
        description = {
            "Point a model's champion or challenger alias at a version.",
            "Goes through training-service, which records it in mlcycle.registry;",
            "serving swaps to it. Prints the new aliases and the audit entry, which",
            "names you ($USER) and the reason."
        },
        footer = {
            "",
            "Examples:",
            "  mlcycle promote --model credit-default --version 4 --reason \"better recall\"",
            "  mlcycle promote --model credit-default --version 5 --alias challenger"
        })
final class PromoteCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "NAME", description = "The model.")
    String model;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--version", required = true, paramLabel = "V", description = "The version to point the alias at.")
    int version;

    @Option(
            names = "--alias",
            paramLabel = "ALIAS",
            defaultValue = ModelRecord.CHAMPION,
            description = "champion or challenger (default: ${DEFAULT-VALUE}).")
    String alias;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the audit trail.")
    String reason;

    @Mixin
    TrainingOptions training;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        requireModel(model);
        if (version < 1) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "--version: expected a version number >= 1, got " + version);
        }
        String a = alias.strip().toLowerCase(Locale.ROOT);
        if (!a.equals(ModelRecord.CHAMPION) && !a.equals(ModelRecord.CHALLENGER)) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "--alias: expected champion or challenger, got \"" + alias + "\"");
        }
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("version", version);
        body.put("alias", a);
        putReason(body, reason);
        TrainingClient client = training.adminClient();
        ModelRecord after = decode(client.post("/models/" + TrainingClient.segment(model) + "/promote", body), client);
        changed(after).forEach(out::println);
        out.flush();
        return 0;
    }

    static void requireModel(String model) {
        try {
            Topics.requireModelName(model);
        } catch (MlcycleException e) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, "--model: " + e.getMessage());
        }
    }

    static void putReason(ObjectNode body, String reason) {
        if (reason != null && !reason.isBlank()) {
            body.put("reason", reason.strip());
        }
    }

    static ModelRecord decode(JsonNode answer, TrainingClient client) {
        return Codecs.MODEL_RECORD.decode(answer.toString(), "training-service at " + client.base());
    }

    /** What promote and rollback print: the model's aliases now and the audit entry of the change. */
    static List<String> changed(ModelRecord after) {
        String head = after.name() + ": " + ModelView.aliases(after);
        if (after.audit().isEmpty()) {
            return List.of(head);
        }
        AuditEntry last = after.audit().get(after.audit().size() - 1);
        return List.of(head, "audit: " + ModelView.auditSentence(last));
    }
}
