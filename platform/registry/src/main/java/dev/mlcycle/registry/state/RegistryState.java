package dev.mlcycle.registry.state;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.record.AuditEntry;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.record.ModelVersion;
import dev.mlcycle.contracts.record.ModelVersion.VersionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The registry's state in memory: the current {@link ModelRecord} of every model, and the rules for
 * changing it. Pure: no I/O and no clock (every change is given its time).
 *
 * <p>The operations ({@link #register}, {@link #promote}, {@link #rollback}, {@link #archive}) do not
 * change the state: each returns the next whole record of the model, with one more {@link
 * AuditEntry} per alias or version it changes, or fails with an {@link MlcycleException} saying why.
 * The caller publishes that record and then {@link #apply}s it, so memory changes only once the
 * change is durable.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>Version numbers go up by one per model and are never reused, archived versions included.
 *   <li>An alias ({@value ModelRecord#CHAMPION}, {@value ModelRecord#CHALLENGER}) points at a
 *       registered, non-archived version; champion and challenger never point at the same version
 *       (promoting the challenger to champion clears the challenger).
 *   <li>Rollback moves the champion back to the version it pointed at before its current one, as the
 *       audit trail tells: promotions push onto a history, rollbacks pop it, so two rollbacks after
 *       promoting 1, 2, 3 lead to 1.
 *   <li>A version an alias points at cannot be archived.
 * </ul>
 *
 * <p>Reads are safe from any thread; the operations and {@link #apply} are meant for one writer.
 */
public final class RegistryState {
    /** Audit action: a version was registered. */
    public static final String REGISTER = "register";
    /** Audit action: an alias was pointed at a version. */
    public static final String PROMOTE = "promote";
    /** Audit action: the champion was moved back to its previous version. */
    public static final String ROLLBACK = "rollback";
    /** Audit action: a version was archived. */
    public static final String ARCHIVE = "archive";
    /** Audit action: an alias was unset (the challenger, once promoted to champion). */
    public static final String CLEAR = "clear";

    /** The aliases a version can be promoted to. */
    public static final Set<String> ALIASES = Set.of(ModelRecord.CHAMPION, ModelRecord.CHALLENGER);

    private final ConcurrentSkipListMap<String, ModelRecord> records = new ConcurrentSkipListMap<>();

    /** An empty state. */
    public RegistryState() {}

    /** A state holding these records; a later record of the same name replaces an earlier one. */
    public static RegistryState of(Collection<ModelRecord> records) {
        RegistryState state = new RegistryState();
        records.forEach(state::apply);
        return state;
    }

    /** The current record of a model, or empty if the registry has none by that name. */
    public Optional<ModelRecord> get(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(records.get(name));
    }

    /**
     * The current record of a model.
     *
     * @throws MlcycleException {@link Reason#MODEL_NOT_FOUND} if there is none, listing the models there are
     */
    public ModelRecord require(String name) {
        ModelNames.require(name);
        ModelRecord record = records.get(name);
        if (record == null) {
            throw new MlcycleException(
                    Reason.MODEL_NOT_FOUND,
                    "model " + name + " is not in the registry; expected one of " + records.keySet());
        }
        return record;
    }

    /** Every model's current record, by name, sorted; a snapshot that later changes do not affect. */
    public NavigableMap<String, ModelRecord> all() {
        return Collections.unmodifiableNavigableMap(new TreeMap<>(records));
    }

    /** How many models the state holds. */
    public int size() {
        return records.size();
    }

    /**
     * Takes a record as the model's current state (read from the topic, or just published). Replaces
     * whatever was there for that name: records are whole, never deltas.
     */
    public void apply(ModelRecord record) {
        Objects.requireNonNull(record, "record");
        records.put(record.name(), record);
    }

    /** Forgets a model (a tombstone on the compacted topic). Nothing happens if it is unknown. */
    public void remove(String name) {
        if (name != null) {
            records.remove(name);
        }
    }

    /** The number the next version of this model gets: the latest version plus one, or 1 for a new model. */
    public int nextVersion(String name) {
        ModelNames.require(name);
        ModelRecord record = records.get(name);
        return record == null ? 1 : record.latestVersion().orElse(0) + 1;
    }

    /**
     * Checks what {@link #register} would check about a registration before any bundle is written: the
     * model keeps its dataset and task.
     *
     * @throws MlcycleException {@link Reason#CONFLICT} if the model exists with another dataset or task
     */
    public void checkRegistration(Registration registration) {
        Objects.requireNonNull(registration, "registration");
        ModelRecord existing = records.get(registration.model());
        if (existing != null
                && (!existing.dataset().equals(registration.dataset()) || existing.task() != registration.task())) {
            throw new MlcycleException(
                    Reason.CONFLICT,
                    "model " + existing.name() + " is a " + existing.task() + " model of dataset "
                            + existing.dataset() + "; a new version must be the same, got a " + registration.task()
                            + " model of dataset " + registration.dataset() + " (use another model name)");
        }
    }

    /**
     * The record with a new version registered and, if the registration names an alias, pointed at by
     * that alias.
     *
     * @param version must be {@link #nextVersion(String)}: the bundle was written under that number
     * @param bundle the bundle's directory relative to the registry root, e.g. {@code credit-default/3}
     * @param files every file of the bundle with its sha256
     * @param at when it happens: the version's creation time, the audit time, the record's time
     * @throws MlcycleException {@link Reason#CONFLICT} if the version is not the next one or the model
     *     has another dataset or task; {@link Reason#INVALID_ARGUMENT} if the bundle or files are malformed
     */
    public ModelRecord register(
            Registration registration, int version, String bundle, Map<String, String> files, Instant at) {
        checkRegistration(registration);
        Objects.requireNonNull(at, "at");
        String name = registration.model();
        int expected = nextVersion(name);
        if (version != expected) {
            throw new MlcycleException(
                    Reason.CONFLICT,
                    "model " + name + ": cannot register version " + version + ", expected the next version " + expected
                            + (expected == 1 ? " (the model is new)" : " (latest is " + (expected - 1) + ")"));
        }
        ModelVersion created;
        try {
            created = new ModelVersion(
                    version,
                    registration.runId(),
                    at,
                    bundle,
                    files,
                    registration.metrics(),
                    registration.snapshotId(),
                    registration.labelsSnapshotId(),
                    VersionStatus.REGISTERED);
        } catch (IllegalArgumentException e) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT, "model " + name + ", version " + version + ": " + e.getMessage(), e);
        }
        ModelRecord existing = records.get(name);
        List<ModelVersion> versions = new ArrayList<>(existing == null ? List.of() : existing.versions());
        versions.add(created);
        Map<String, Integer> aliases = new LinkedHashMap<>(existing == null ? Map.of() : existing.aliases());
        List<AuditEntry> audit = new ArrayList<>(existing == null ? List.of() : existing.audit());
        audit.add(new AuditEntry(at, registration.actor(), REGISTER, null, null, version, registration.reason()));
        if (registration.alias() != null) {
            moveAlias(
                    name,
                    aliases,
                    audit,
                    registration.alias(),
                    version,
                    registration.actor(),
                    registration.reason(),
                    at);
        }
        return record(name, registration.dataset(), registration.task(), versions, aliases, audit, at);
    }

    /**
     * The record with an alias pointed at a version. Promoting the challenger to champion clears the
     * challenger.
     *
     * @throws MlcycleException {@link Reason#MODEL_NOT_FOUND} for an unknown model; {@link
     *     Reason#NOT_FOUND} for an unknown version; {@link Reason#INVALID_ARGUMENT} for an unknown alias
     *     or a blank actor; {@link Reason#CONFLICT} if the version is archived, the alias already points
     *     at it, or it is the champion and the alias is challenger
     */
    public ModelRecord promote(String name, int version, String alias, String actor, String reason, Instant at) {
        ModelRecord current = require(name);
        requireAlias(alias);
        String who = requireText(actor, "actor");
        Objects.requireNonNull(at, "at");
        ModelVersion target = requireVersion(current, version);
        if (target.status() == VersionStatus.ARCHIVED) {
            throw new MlcycleException(
                    Reason.CONFLICT,
                    "model " + name + ": version " + version + " is archived and cannot become the " + alias
                            + "; expected a registered version, one of " + registered(current));
        }
        if (current.alias(alias).equals(OptionalInt.of(version))) {
            throw new MlcycleException(
                    Reason.CONFLICT, "model " + name + ": version " + version + " is already the " + alias);
        }
        if (alias.equals(ModelRecord.CHALLENGER)
                && current.alias(ModelRecord.CHAMPION).equals(OptionalInt.of(version))) {
            throw new MlcycleException(
                    Reason.CONFLICT,
                    "model " + name + ": version " + version
                            + " is the champion; a challenger must be another version");
        }
        Map<String, Integer> aliases = new LinkedHashMap<>(current.aliases());
        List<AuditEntry> audit = new ArrayList<>(current.audit());
        moveAlias(name, aliases, audit, alias, version, who, optionalText(reason), at);
        return record(name, current.dataset(), current.task(), current.versions(), aliases, audit, at);
    }

    /**
     * The record with the champion moved back to the version it pointed at before its current one.
     *
     * @throws MlcycleException {@link Reason#MODEL_NOT_FOUND} for an unknown model; {@link
     *     Reason#CONFLICT} if there is no champion, no earlier champion in the audit trail, or that
     *     earlier version has been archived since
     */
    public ModelRecord rollback(String name, String actor, String reason, Instant at) {
        ModelRecord current = require(name);
        String who = requireText(actor, "actor");
        Objects.requireNonNull(at, "at");
        OptionalInt champion = current.alias(ModelRecord.CHAMPION);
        if (champion.isEmpty()) {
            throw new MlcycleException(
                    Reason.CONFLICT, "model " + name + " has no champion to roll back; promote a version first");
        }
        int from = champion.getAsInt();
        int to = previousChampion(current)
                .orElseThrow(() -> new MlcycleException(
                        Reason.CONFLICT,
                        "model " + name + ": the audit trail names no champion before version " + from
                                + "; there is no earlier champion to roll back to"));
        ModelVersion target = requireVersion(current, to);
        if (target.status() == VersionStatus.ARCHIVED) {
            throw new MlcycleException(
                    Reason.CONFLICT,
                    "model " + name + ": version " + to + ", the champion before version " + from
                            + ", has been archived; promote a registered version instead, one of "
                            + registered(current));
        }
        Map<String, Integer> aliases = new LinkedHashMap<>(current.aliases());
        List<AuditEntry> audit = new ArrayList<>(current.audit());
        aliases.put(ModelRecord.CHAMPION, to);
        String why = optionalText(reason);
        audit.add(new AuditEntry(at, who, ROLLBACK, ModelRecord.CHAMPION, from, to, why));
        if (Integer.valueOf(to).equals(aliases.get(ModelRecord.CHALLENGER))) {
            aliases.remove(ModelRecord.CHALLENGER);
            audit.add(new AuditEntry(
                    at, who, CLEAR, ModelRecord.CHALLENGER, to, null, "version " + to + " is the champion again"));
        }
        return record(name, current.dataset(), current.task(), current.versions(), aliases, audit, at);
    }

    /**
     * The record with a version archived: kept for audit, no longer offered.
     *
     * @throws MlcycleException {@link Reason#MODEL_NOT_FOUND} for an unknown model; {@link
     *     Reason#NOT_FOUND} for an unknown version; {@link Reason#CONFLICT} if an alias points at it or it
     *     is archived already
     */
    public ModelRecord archive(String name, int version, String actor, String reason, Instant at) {
        ModelRecord current = require(name);
        String who = requireText(actor, "actor");
        Objects.requireNonNull(at, "at");
        ModelVersion target = requireVersion(current, version);
        if (target.status() == VersionStatus.ARCHIVED) {
            throw new MlcycleException(
                    Reason.CONFLICT, "model " + name + ": version " + version + " is archived already");
        }
        for (Map.Entry<String, Integer> alias : new TreeMap<>(current.aliases()).entrySet()) {
            if (alias.getValue() == version) {
                throw new MlcycleException(
                        Reason.CONFLICT,
                        "model " + name + ": version " + version + " is the " + alias.getKey()
                                + " and cannot be archived; point the " + alias.getKey() + " at another version first");
            }
        }
        List<ModelVersion> versions = new ArrayList<>();
        for (ModelVersion v : current.versions()) {
            versions.add(
                    v.version() == version
                            ? new ModelVersion(
                                    v.version(),
                                    v.runId(),
                                    v.createdAt(),
                                    v.bundle(),
                                    v.files(),
                                    v.metrics(),
                                    v.snapshotId(),
                                    v.labelsSnapshotId(),
                                    VersionStatus.ARCHIVED)
                            : v);
        }
        List<AuditEntry> audit = new ArrayList<>(current.audit());
        audit.add(new AuditEntry(at, who, ARCHIVE, null, null, version, optionalText(reason)));
        return record(name, current.dataset(), current.task(), versions, current.aliases(), audit, at);
    }

    /**
     * The version {@link #rollback} would make champion, read from the audit trail: promotions of the
     * champion push onto a history, rollbacks pop it; the answer is the entry below the current
     * champion. Empty if there is no champion, the trail does not end at the current champion, or the
     * current champion is the first one.
     */
    public static OptionalInt previousChampion(ModelRecord record) {
        OptionalInt champion = record.alias(ModelRecord.CHAMPION);
        if (champion.isEmpty()) {
            return OptionalInt.empty();
        }
        List<Integer> history = new ArrayList<>();
        for (AuditEntry e : record.audit()) {
            if (!ModelRecord.CHAMPION.equals(e.alias())) {
                continue;
            }
            if (ROLLBACK.equals(e.action())) {
                if (!history.isEmpty()) {
                    history.remove(history.size() - 1);
                }
                if (e.toVersion() != null
                        && (history.isEmpty()
                                || !history.get(history.size() - 1).equals(e.toVersion()))) {
                    history.add(e.toVersion());
                }
            } else if (e.toVersion() != null) {
                history.add(e.toVersion());
            } else {
                history.clear();
            }
        }
        int size = history.size();
        if (size < 2 || history.get(size - 1) != champion.getAsInt()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(history.get(size - 2));
    }

    private static void moveAlias(
            String name,
            Map<String, Integer> aliases,
            List<AuditEntry> audit,
            String alias,
            int version,
            String actor,
            String reason,
            Instant at) {
        Integer previous = aliases.put(alias, version);
        audit.add(new AuditEntry(at, actor, PROMOTE, alias, previous, version, reason));
        if (alias.equals(ModelRecord.CHAMPION)
                && Integer.valueOf(version).equals(aliases.get(ModelRecord.CHALLENGER))) {
            aliases.remove(ModelRecord.CHALLENGER);
            audit.add(new AuditEntry(
                    at,
                    actor,
                    CLEAR,
                    ModelRecord.CHALLENGER,
                    version,
                    null,
                    "challenger version " + version + " of " + name + " was promoted to champion"));
        }
    }

    private static ModelRecord record(
            String name,
            String dataset,
            ModelRecord.Task task,
            List<ModelVersion> versions,
            Map<String, Integer> aliases,
            List<AuditEntry> audit,
            Instant at) {
        try {
            return new ModelRecord(name, dataset, task, versions, aliases, audit, at);
        } catch (IllegalArgumentException e) {
            throw new MlcycleException(Reason.INTERNAL, "model " + name + ": " + e.getMessage(), e);
        }
    }

    private static ModelVersion requireVersion(ModelRecord record, int version) {
        return record.version(version)
                .orElseThrow(() -> new MlcycleException(
                        Reason.NOT_FOUND,
                        "model " + record.name() + " has no version " + version + "; expected one of "
                                + record.versions().stream()
                                        .map(ModelVersion::version)
                                        .toList()));
    }

    private static List<Integer> registered(ModelRecord record) {
        return record.versions().stream()
                .filter(v -> v.status() == VersionStatus.REGISTERED)
                .map(ModelVersion::version)
                .toList();
    }

    /** The alias if it is one of {@link #ALIASES}; otherwise {@link Reason#INVALID_ARGUMENT}. */
    static String requireAlias(String alias) {
        if (alias == null || !ALIASES.contains(alias)) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    "alias: expected " + ModelRecord.CHAMPION + " or " + ModelRecord.CHALLENGER + ", got "
                            + (alias == null ? "nothing" : "\"" + alias + "\""));
        }
        return alias;
    }

    static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new MlcycleException(
                    Reason.INVALID_ARGUMENT,
                    what + ": expected a non-empty string, got " + (value == null ? "nothing" : "\"" + value + "\""));
        }
        return value;
    }

    static String optionalText(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
