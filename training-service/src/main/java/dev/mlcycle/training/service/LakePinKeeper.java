package dev.mlcycle.training.service;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.record.AuditEntry;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.record.ModelVersion;
import dev.mlcycle.contracts.record.TrainingRun;
import dev.mlcycle.contracts.record.TrainingRun.RunStatus;
import dev.mlcycle.lake.LakePins;
import dev.mlcycle.lake.LakePins.Pin;
import dev.mlcycle.registry.state.RegistryState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Keeps the lake data of every model version: the events and labels snapshots a version was trained on are pinned
 * (tagged {@code mlcycle.model.<model>.v<N>}) for as long as the version is registered, and for {@code
 * training.pins.archived-retention} after it is archived; a run in flight pins what it read ({@code
 * mlcycle.run.<id>}) until it ends. So a registered model can always be retrained on exactly its data, however far
 * the lake's expiry and orphan cleanup have gone since.
 *
 * <p>{@link #onRun} follows a run's records (pin when the snapshots are known, move the pin to the version when it
 * registers, drop the run's pin when it ends); {@link #reconcile} makes the pins match the registry (at start-up,
 * after a registry change): it adds what is missing, drops pins of versions archived past the retention and of
 * versions no longer in the registry, and drops run pins of runs not in flight.
 */
public final class LakePinKeeper {
    private static final Logger LOG = Logger.getLogger(LakePinKeeper.class);

    private final LakePins pins;
    private final Duration archivedRetention;
    private final Clock clock;

    /**
     * A keeper.
     *
     * @param pins the lake's pins
     * @param archivedRetention how long an archived version's snapshots stay pinned
     * @param clock the clock that says when a retention has passed
     */
    public LakePinKeeper(LakePins pins, Duration archivedRetention, Clock clock) {
        this.pins = pins;
        this.archivedRetention = archivedRetention;
        this.clock = clock;
    }

    /**
     * Acts on a run's record: pins its snapshots once known, pins the version it registered, unpins the run when
     * it ends. A pin that cannot be made is logged, never fails the run: the version is registered either way,
     * and {@link #reconcile} tries again.
     */
    public void onRun(TrainingRun run) {
        if (run.snapshotId() == null) {
            return;
        }
        String runPin = LakePins.forRun(run.runId());
        try {
            if (run.status() == RunStatus.RUNNING) {
                pins.pin(run.dataset(), runPin, run.snapshotId(), run.labelsSnapshotId());
                return;
            }
            if (!run.status().terminal()) {
                return;
            }
            if (run.status() == RunStatus.SUCCEEDED && run.registeredVersion() != null) {
                pins.pin(
                        run.dataset(),
                        LakePins.forVersion(run.model(), run.registeredVersion()),
                        run.snapshotId(),
                        run.labelsSnapshotId());
            }
            pins.unpin(run.dataset(), runPin);
        } catch (MlcycleException | IllegalStateException e) {
            LOG.warnf("run %s: could not update the lake pins of %s: %s", run.runId(), run.model(), e.getMessage());
        }
    }

    /**
     * Makes the pins of these models' datasets match the registry.
     *
     * @param records every model's registry record
     * @param runsInFlight the ids of runs still running, whose run pins stay
     * @return what changed: pin names added and removed
     */
    public Changes reconcile(Collection<ModelRecord> records, Set<String> runsInFlight) {
        Instant now = clock.instant();
        Map<String, Map<String, ModelVersion>> wantedByDataset = new LinkedHashMap<>();
        Set<String> datasets = new HashSet<>();
        for (ModelRecord record : records) {
            datasets.add(record.dataset());
            Map<String, ModelVersion> wanted =
                    wantedByDataset.computeIfAbsent(record.dataset(), d -> new LinkedHashMap<>());
            for (ModelVersion v : record.versions()) {
                if (v.snapshotId() != null && keeps(record, v, now)) {
                    wanted.put(LakePins.forVersion(record.name(), v.version()), v);
                }
            }
        }
        Changes changes = new Changes(new HashSet<>(), new HashSet<>());
        for (String dataset : datasets) {
            Map<String, ModelVersion> wanted = wantedByDataset.getOrDefault(dataset, Map.of());
            Set<String> present = new HashSet<>();
            for (Pin pin : pins.pins(dataset)) {
                present.add(pin.name());
                boolean stale = LakePins.isVersionPin(pin.name())
                        ? !wanted.containsKey(pin.name())
                        : LakePins.isRunPin(pin.name())
                                && !runsInFlight.contains(
                                        pin.name().substring(LakePins.forRun("").length()));
                if (stale && pins.unpin(dataset, pin.name())) {
                    changes.removed().add(pin.name());
                }
            }
            wanted.forEach((name, v) -> {
                try {
                    pins.pin(dataset, name, v.snapshotId(), v.labelsSnapshotId());
                    if (!present.contains(name)) {
                        changes.added().add(name);
                    }
                } catch (MlcycleException e) {
                    LOG.warnf("cannot pin the lake data of %s: %s", name, e.getMessage());
                }
            });
        }
        if (!changes.added().isEmpty() || !changes.removed().isEmpty()) {
            LOG.infof("lake pins: added %s, removed %s", changes.added(), changes.removed());
        }
        return changes;
    }

    /** Pin names added and removed by a {@link #reconcile}. */
    public record Changes(Set<String> added, Set<String> removed) {}

    private boolean keeps(ModelRecord record, ModelVersion v, Instant now) {
        if (v.status() == ModelVersion.VersionStatus.REGISTERED) {
            return true;
        }
        Optional<Instant> archivedAt = record.audit().stream()
                .filter(e -> RegistryState.ARCHIVE.equals(e.action())
                        && e.toVersion() != null
                        && e.toVersion() == v.version())
                .map(AuditEntry::at)
                .reduce((a, b) -> b);
        // An archived version whose archiving is not in the audit trail is kept: the safe side.
        return archivedAt.map(at -> at.plus(archivedRetention).isAfter(now)).orElse(true);
    }
}
