package dev.mlcycle.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.registry.topic.RegistryReader;
import java.io.PrintWriter;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mlcycle models}: the model registry, read straight from {@code mlcycle.registry} (committed
 * records only, the latest per model), so it works while training-service is down.
 */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Show the model registry: models, aliases, versions and their metrics.",
            "Reads the topic mlcycle.registry, so it works while training-service is",
            "down. Per model its dataset, task, champion and challenger, and every",
            "version, newest first, with when it was created, its status and alias, its",
            "main test metrics, the run that trained it and the lake snapshot it read.",
            "--model shows one model with its audit trail."
        },
        footer = {
            "",
            "Examples:",
            "  mlcycle models",
            "  mlcycle models --model credit-default",
            "  mlcycle models --json"
        })
final class ModelsCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "NAME", description = "Only this model, with its audit trail.")
    String model;

    @Option(names = "--json", description = "Print as JSON: {\"models\": [...]}, or the model's record with --model.")
    boolean json;

    @Mixin
    BootstrapOption kafka;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (model != null) {
            try {
                Topics.requireModelName(model);
            } catch (MlcycleException e) {
                throw new MlcycleException(Reason.INVALID_ARGUMENT, "--model: " + e.getMessage());
            }
        }
        String bootstrap = kafka.bootstrap();
        NavigableMap<String, ModelRecord> all;
        try {
            all = new RegistryReader(bootstrap).readAll(KafkaCalls.TIMEOUT);
        } catch (MlcycleException e) {
            if (e.reason() == Reason.NOT_FOUND && model == null) {
                all = new TreeMap<>();
                if (!json) {
                    out.println("no models: topic " + Topics.REGISTRY + " does not exist at " + bootstrap
                            + " yet; mlcycle up creates it");
                    out.flush();
                    return 0;
                }
            } else if (e.reason() == Reason.UNAVAILABLE) {
                throw new MlcycleException(Reason.UNAVAILABLE, e.getMessage() + " (mlcycle up)", e);
            } else {
                throw e;
            }
        }
        if (model != null) {
            ModelRecord record = all.get(model);
            if (record == null) {
                throw new MlcycleException(
                        Reason.MODEL_NOT_FOUND,
                        "no model \"" + model + "\" in " + Topics.REGISTRY
                                + (all.isEmpty()
                                        ? ", which is empty: a run that passes its gate registers the first version"
                                                + " (mlcycle train --model " + model + ")"
                                        : ": expected one of " + all.keySet()));
            }
            if (json) {
                out.println(Codecs.MODEL_RECORD.encodePretty(record));
            } else {
                ModelView.lines(record, true).forEach(out::println);
            }
            out.flush();
            return 0;
        }
        if (json) {
            ObjectNode root = Json.mapper().createObjectNode();
            ArrayNode models = root.putArray("models");
            all.values().forEach(m -> models.add(Json.mapper().valueToTree(m)));
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } else if (all.isEmpty()) {
            out.println("no models in " + Topics.REGISTRY
                    + " yet: a run that passes its gate registers the first version (mlcycle train --model NAME)");
        } else {
            boolean first = true;
            for (ModelRecord m : all.values()) {
                if (!first) {
                    out.println();
                }
                first = false;
                ModelView.lines(m, false).forEach(out::println);
            }
        }
        out.flush();
        return 0;
    }
}
