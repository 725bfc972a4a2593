package dev.mlcycle.contracts.record;

import dev.mlcycle.contracts.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything the registry knows about one model: the value of {@code mlcycle.registry} ({@link
 * Topics#REGISTRY}), a compacted topic keyed by {@link #name()}, so the latest record per model is the
 * state. Training is the single writer (register, promote, rollback); serving reads it to hot-swap the
 * champion, monitoring to find the reference profile of the version it watches, the CLI to show it.
 *
 * <p>Every record is whole: all versions, all aliases, the full audit trail, never a delta.
 *
 * @param name the model name, as in {@link Topics#MODEL_NAME}
 * @param dataset the dataset it is trained on, as in {@link Topics#DATASET_NAME}
 * @param task what it predicts
 * @param versions every version, numbers unique and ascending; possibly none yet
 * @param aliases optional: alias ({@value #CHAMPION}, {@value #CHALLENGER}) to version number; each
 *     names an existing version; absent means none
 * @param audit optional: the changes made to this record, oldest first; absent means none
 * @param updatedAt when this record was written
 */
public record ModelRecord(
        String name,
        String dataset,
        Task task,
        List<ModelVersion> versions,
        Map<String, Integer> aliases,
        List<AuditEntry> audit,
        Instant updatedAt) {

    /** The alias serving answers with by default. */
    public static final String CHAMPION = "champion";
    /** The alias that receives a share of traffic or shadows the champion. */
    public static final String CHALLENGER = "challenger";

    /** What a model predicts. */
    public enum Task {
        /** A class out of the label's values, with probabilities. */
        CLASSIFICATION,
        /** A number. */
        REGRESSION
    }

    public ModelRecord {
        Fields.matching(name, Topics.MODEL_NAME, "name");
        Fields.matching(dataset, Topics.DATASET_NAME, "dataset");
        Fields.required(task, "task");
        versions = Fields.list(versions, "versions");
        for (int i = 1; i < versions.size(); i++) {
            int previous = versions.get(i - 1).version();
            int current = versions.get(i).version();
            if (current <= previous) {
                throw new IllegalArgumentException("field \"versions[" + i + "].version\": expected unique, ascending"
                        + " version numbers, got " + current + " after " + previous);
            }
        }
        aliases = Fields.optionalMap(aliases, "aliases");
        for (Map.Entry<String, Integer> alias : aliases.entrySet()) {
            int target = alias.getValue();
            if (versions.stream().noneMatch(v -> v.version() == target)) {
                throw new IllegalArgumentException(
                        "field \"aliases." + alias.getKey() + "\": expected one of the" + " versions "
                                + versions.stream().map(ModelVersion::version).toList() + ", got " + target);
            }
        }
        audit = Fields.optionalList(audit, "audit");
        Fields.required(updatedAt, "updated_at");
    }

    /** The version with this number, if registered. */
    public Optional<ModelVersion> version(int version) {
        return versions.stream().filter(v -> v.version() == version).findFirst();
    }

    /** The version number an alias points at, if it is set. */
    public OptionalInt alias(String alias) {
        Integer version = aliases.get(alias);
        return version == null ? OptionalInt.empty() : OptionalInt.of(version);
    }

    /** The version the {@value #CHAMPION} alias points at, if set. */
    public Optional<ModelVersion> champion() {
        OptionalInt version = alias(CHAMPION);
        return version.isPresent() ? version(version.getAsInt()) : Optional.empty();
    }

    /** The highest version number, if any version is registered. */
    public OptionalInt latestVersion() {
        return versions.isEmpty()
                ? OptionalInt.empty()
                : OptionalInt.of(versions.get(versions.size() - 1).version());
    }
}
