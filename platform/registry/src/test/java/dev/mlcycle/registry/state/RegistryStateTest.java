package dev.mlcycle.registry.state;

import static dev.mlcycle.contracts.record.ModelRecord.CHALLENGER;
import static dev.mlcycle.contracts.record.ModelRecord.CHAMPION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.json.Codecs;
import dev.mlcycle.contracts.record.AuditEntry;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.record.ModelRecord.Task;
import dev.mlcycle.contracts.record.ModelVersion.VersionStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class RegistryStateTest {
    static final String MODEL = "credit-default";
    static final String SHA = "a".repeat(64);
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    final RegistryState state = new RegistryState();
    int clock;

    Instant at() {
        return T0.plusSeconds(clock++);
    }

    Registration registration(String alias) {
        return Registration.of(MODEL, "credit", Task.CLASSIFICATION, "run-" + clock, "training-service")
                .withMetrics(Map.of("auc", 0.81))
                .withSnapshotId(42L)
                .withAlias(alias)
                .withReason("gate passed");
    }

    /** Registers the next version (with an alias or not) and applies it. */
    ModelRecord register(String alias) {
        int v = state.nextVersion(MODEL);
        ModelRecord next = state.register(registration(alias), v, MODEL + "/" + v, Map.of("model.tribuo", SHA), at());
        state.apply(next);
        return next;
    }

    ModelRecord promote(int version, String alias) {
        ModelRecord next = state.promote(MODEL, version, alias, "alice", "manual", at());
        state.apply(next);
        return next;
    }

    ModelRecord rollback() {
        ModelRecord next = state.rollback(MODEL, "bob", "bad canary", at());
        state.apply(next);
        return next;
    }

    ModelRecord archive(int version) {
        ModelRecord next = state.archive(MODEL, version, "carol", "retired", at());
        state.apply(next);
        return next;
    }

    static void assertFails(ThrowingCallable call, Reason reason, String... fragments) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        MlcycleException.class,
                        e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason))
                .hasMessageContainingAll(fragments);
    }

    // --- register ---------------------------------------------------------------------------

    @Test
    void registersTheFirstVersionAsOneWithARegisterAuditEntry() {
        assertThat(state.nextVersion(MODEL)).isEqualTo(1);
        ModelRecord r = register(null);
        assertThat(r.name()).isEqualTo(MODEL);
        assertThat(r.dataset()).isEqualTo("credit");
        assertThat(r.versions()).singleElement().satisfies(v -> {
            assertThat(v.version()).isEqualTo(1);
            assertThat(v.bundle()).isEqualTo("credit-default/1");
            assertThat(v.files()).containsEntry("model.tribuo", SHA);
            assertThat(v.metrics()).containsEntry("auc", 0.81);
            assertThat(v.snapshotId()).isEqualTo(42L);
            assertThat(v.status()).isEqualTo(VersionStatus.REGISTERED);
            assertThat(v.createdAt()).isEqualTo(T0);
        });
        assertThat(r.aliases()).isEmpty();
        assertThat(r.audit())
                .containsExactly(new AuditEntry(T0, "training-service", "register", null, null, 1, "gate passed"));
        assertThat(r.updatedAt()).isEqualTo(T0);
    }

    @Test
    void numbersVersionsLatestPlusOneNeverReusingArchivedNumbers() {
        register(null);
        register(null);
        archive(2);
        assertThat(state.nextVersion(MODEL)).isEqualTo(3);
        assertThat(register(null).latestVersion()).isEqualTo(OptionalInt.of(3));
    }

    @Test
    void registersWithAnAliasInTheSameRecordAuditingTheMove() {
        register(CHAMPION);
        ModelRecord r = register(CHAMPION);
        assertThat(r.aliases()).containsExactly(Map.entry(CHAMPION, 2));
        assertThat(r.audit())
                .extracting(AuditEntry::action, AuditEntry::alias, AuditEntry::fromVersion, AuditEntry::toVersion)
                .containsExactly(
                        tuple("register", null, null, 1),
                        tuple("promote", CHAMPION, null, 1),
                        tuple("register", null, null, 2),
                        tuple("promote", CHAMPION, 1, 2));
    }

    @Test
    void refusesAVersionOtherThanTheNextOne() {
        register(null);
        assertFails(
                () -> state.register(registration(null), 1, MODEL + "/1", Map.of("m", SHA), at()),
                Reason.CONFLICT,
                "cannot register version 1, expected the next version 2 (latest is 1)");
        assertFails(
                () -> state.register(registration(null), 5, MODEL + "/5", Map.of("m", SHA), at()),
                Reason.CONFLICT,
                "expected the next version 2");
        assertFails(
                () -> new RegistryState().register(registration(null), 0, MODEL + "/0", Map.of("m", SHA), at()),
                Reason.CONFLICT,
                "expected the next version 1 (the model is new)");
    }

    @Test
    void refusesAnotherDatasetOrTaskForAnExistingModel() {
        register(null);
        Registration otherDataset = Registration.of(MODEL, "shop", Task.CLASSIFICATION, "run-x", "training-service");
        assertFails(
                () -> state.checkRegistration(otherDataset),
                Reason.CONFLICT,
                "model credit-default is a CLASSIFICATION model of dataset credit",
                "got a CLASSIFICATION model of dataset shop");
        Registration otherTask = Registration.of(MODEL, "credit", Task.REGRESSION, "run-x", "training-service");
        assertFails(
                () -> state.register(otherTask, 2, MODEL + "/2", Map.of("m", SHA), at()),
                Reason.CONFLICT,
                "got a REGRESSION model");
    }

    @Test
    void refusesMalformedBundleFiles() {
        assertFails(
                () -> state.register(registration(null), 1, MODEL + "/1", Map.of(), at()),
                Reason.INVALID_ARGUMENT,
                "model credit-default, version 1",
                "expected at least one file");
        assertFails(
                () -> state.register(registration(null), 1, MODEL + "/1", Map.of("m", "XYZ"), at()),
                Reason.INVALID_ARGUMENT,
                "field \"files.m\": expected a sha256");
        assertFails(
                () -> state.register(registration(null), 1, "../escape", Map.of("m", SHA), at()),
                Reason.INVALID_ARGUMENT,
                "field \"bundle\": expected a relative path");
    }

    @Test
    void operationsReturnTheNextRecordWithoutChangingTheState() {
        ModelRecord first = register(null);
        ModelRecord promoted = state.promote(MODEL, 1, CHAMPION, "alice", null, at());
        assertThat(promoted.aliases()).containsEntry(CHAMPION, 1);
        assertThat(state.get(MODEL)).contains(first);
        state.register(registration(null), 2, MODEL + "/2", Map.of("m", SHA), at());
        assertThat(state.nextVersion(MODEL)).isEqualTo(2);
    }

    // --- promote ----------------------------------------------------------------------------

    @Test
    void promotesAVersionToChampionAuditingFromAndTo() {
        register(null);
        register(null);
        promote(1, CHAMPION);
        ModelRecord r = promote(2, CHAMPION);
        assertThat(r.aliases()).containsExactly(Map.entry(CHAMPION, 2));
        assertThat(r.audit().get(r.audit().size() - 1))
                .isEqualTo(new AuditEntry(T0.plusSeconds(3), "alice", "promote", CHAMPION, 1, 2, "manual"));
        assertThat(r.updatedAt()).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    void promotingTheChallengerToChampionClearsTheChallenger() {
        register(CHAMPION);
        register(CHALLENGER);
        ModelRecord r = promote(2, CHAMPION);
        assertThat(r.aliases()).containsExactly(Map.entry(CHAMPION, 2));
        assertThat(r.audit())
                .extracting(AuditEntry::action, AuditEntry::alias, AuditEntry::fromVersion, AuditEntry::toVersion)
                .endsWith(tuple("promote", CHAMPION, 1, 2), tuple("clear", CHALLENGER, 2, null));
    }

    @Test
    void promotingAnotherVersionToChampionKeepsTheChallenger() {
        register(CHAMPION);
        register(CHALLENGER);
        register(null);
        ModelRecord r = promote(3, CHAMPION);
        assertThat(r.aliases()).containsEntry(CHAMPION, 3).containsEntry(CHALLENGER, 2);
    }

    @Test
    void refusesPromotionsThatBreakTheRules() {
        register(CHAMPION);
        register(null);
        archive(2);
        register(null);
        assertFails(
                () -> state.promote("nope", 1, CHAMPION, "a", null, at()),
                Reason.MODEL_NOT_FOUND,
                "model nope is not in the registry; expected one of [credit-default]");
        assertFails(
                () -> state.promote(MODEL, 9, CHAMPION, "a", null, at()),
                Reason.NOT_FOUND,
                "model credit-default has no version 9; expected one of [1, 2, 3]");
        assertFails(
                () -> state.promote(MODEL, 3, "canary", "a", null, at()),
                Reason.INVALID_ARGUMENT,
                "alias: expected champion or challenger, got \"canary\"");
        assertFails(
                () -> state.promote(MODEL, 2, CHAMPION, "a", null, at()),
                Reason.CONFLICT,
                "version 2 is archived",
                "one of [1, 3]");
        assertFails(() -> state.promote(MODEL, 1, CHAMPION, "a", null, at()), Reason.CONFLICT, "already the champion");
        assertFails(
                () -> state.promote(MODEL, 1, CHALLENGER, "a", null, at()),
                Reason.CONFLICT,
                "version 1 is the champion; a challenger must be another version");
        assertFails(
                () -> state.promote(MODEL, 3, CHAMPION, " ", null, at()),
                Reason.INVALID_ARGUMENT,
                "actor: expected a non-empty string");
        assertFails(
                () -> state.promote("../x", 3, CHAMPION, "a", null, at()), Reason.INVALID_ARGUMENT, "contains \"..\"");
    }

    // --- rollback ---------------------------------------------------------------------------

    @Test
    void rollsBackStepByStepThroughEarlierChampions() {
        register(CHAMPION);
        register(CHAMPION);
        register(CHAMPION);
        ModelRecord r = rollback();
        assertThat(r.aliases()).containsEntry(CHAMPION, 2);
        assertThat(r.audit().get(r.audit().size() - 1))
                .isEqualTo(new AuditEntry(T0.plusSeconds(3), "bob", "rollback", CHAMPION, 3, 2, "bad canary"));
        assertThat(rollback().aliases()).containsEntry(CHAMPION, 1);
        assertFails(
                this::rollback,
                Reason.CONFLICT,
                "the audit trail names no champion before version 1; there is no earlier champion");
    }

    @Test
    void rollsBackToTheChampionBeforeARepromotion() {
        register(CHAMPION);
        register(CHAMPION);
        rollback(); // 1
        register(null);
        promote(3, CHAMPION);
        assertThat(RegistryState.previousChampion(state.require(MODEL))).isEqualTo(OptionalInt.of(1));
        assertThat(rollback().aliases()).containsEntry(CHAMPION, 1);
        assertFails(this::rollback, Reason.CONFLICT, "no earlier champion");
    }

    @Test
    void rollbackToTheChallengerClearsTheChallenger() {
        register(CHAMPION);
        register(CHAMPION);
        promote(1, CHALLENGER);
        ModelRecord r = rollback();
        assertThat(r.aliases()).containsExactly(Map.entry(CHAMPION, 1));
        assertThat(r.audit())
                .extracting(AuditEntry::action, AuditEntry::alias, AuditEntry::fromVersion, AuditEntry::toVersion)
                .endsWith(tuple("rollback", CHAMPION, 2, 1), tuple("clear", CHALLENGER, 1, null));
    }

    @Test
    void refusesRollbackWithoutAChampionOrWhenThePreviousOneIsArchived() {
        register(null);
        assertFails(this::rollback, Reason.CONFLICT, "model credit-default has no champion to roll back");
        promote(1, CHAMPION);
        assertFails(this::rollback, Reason.CONFLICT, "names no champion before version 1");
        register(CHAMPION);
        archive(1);
        assertFails(
                this::rollback,
                Reason.CONFLICT,
                "version 1, the champion before version 2, has been archived",
                "one of [2]");
        assertFails(() -> state.rollback("ghost", "bob", null, at()), Reason.MODEL_NOT_FOUND, "model ghost");
    }

    @Test
    void refusesRollbackWhenTheAuditTrailDoesNotExplainTheChampion() {
        ModelRecord r = register(CHAMPION);
        register(CHAMPION);
        ModelRecord current = state.require(MODEL);
        // A record written by hand: champion 2, but the audit trail lost.
        state.apply(new ModelRecord(
                MODEL, r.dataset(), r.task(), current.versions(), current.aliases(), List.of(), current.updatedAt()));
        assertThat(RegistryState.previousChampion(state.require(MODEL))).isEmpty();
        assertFails(this::rollback, Reason.CONFLICT, "no earlier champion");
    }

    // --- archive ----------------------------------------------------------------------------

    @Test
    void archivesAVersionKeepingItsBundleAndAuditingIt() {
        register(null);
        register(CHAMPION);
        ModelRecord r = archive(1);
        assertThat(r.version(1)).hasValueSatisfying(v -> {
            assertThat(v.status()).isEqualTo(VersionStatus.ARCHIVED);
            assertThat(v.bundle()).isEqualTo("credit-default/1");
        });
        assertThat(r.version(2).orElseThrow().status()).isEqualTo(VersionStatus.REGISTERED);
        assertThat(r.audit().get(r.audit().size() - 1))
                .isEqualTo(new AuditEntry(T0.plusSeconds(2), "carol", "archive", null, null, 1, "retired"));
    }

    @Test
    void refusesArchivingAnAliasedUnknownOrArchivedVersion() {
        register(CHAMPION);
        register(CHALLENGER);
        register(null);
        assertFails(() -> archive(1), Reason.CONFLICT, "version 1 is the champion and cannot be archived");
        assertFails(() -> archive(2), Reason.CONFLICT, "version 2 is the challenger and cannot be archived");
        assertFails(() -> archive(7), Reason.NOT_FOUND, "has no version 7");
        archive(3);
        assertFails(() -> archive(3), Reason.CONFLICT, "version 3 is archived already");
        assertFails(() -> state.archive("ghost", 1, "c", null, at()), Reason.MODEL_NOT_FOUND, "ghost");
    }

    // --- loading and reading ----------------------------------------------------------------

    @Test
    void applyReplacesTheWholeRecordAndRemoveForgetsIt() {
        ModelRecord one = register(null);
        ModelRecord two = register(null);
        state.apply(one);
        assertThat(state.require(MODEL)).isEqualTo(one);
        assertThat(state.nextVersion(MODEL)).isEqualTo(2);
        RegistryState rebuilt = RegistryState.of(List.of(one, two));
        assertThat(rebuilt.require(MODEL)).isEqualTo(two);
        rebuilt.remove(MODEL);
        rebuilt.remove("never-there");
        rebuilt.remove(null);
        assertThat(rebuilt.get(MODEL)).isEmpty();
        assertThat(rebuilt.size()).isZero();
        assertFails(() -> rebuilt.require(MODEL), Reason.MODEL_NOT_FOUND, "expected one of []");
    }

    @Test
    void listsModelsSortedAsASnapshot() {
        RegistryState s = new RegistryState();
        for (String name : List.of("zeta", "alpha", "mid")) {
            s.apply(s.register(
                    Registration.of(name, "credit", Task.REGRESSION, "r", "t"), 1, name + "/1", Map.of("m", SHA), T0));
        }
        var all = s.all();
        assertThat(all.keySet()).containsExactly("alpha", "mid", "zeta");
        s.remove("mid");
        assertThat(all).containsKey("mid");
        assertThat(s.get(null)).isEmpty();
    }

    @Test
    void everyRecordSurvivesTheTopicCodecUnchanged() {
        register(CHAMPION);
        register(CHALLENGER);
        promote(2, CHAMPION);
        rollback();
        archive(2);
        ModelRecord r = state.require(MODEL);
        assertThat(Codecs.MODEL_RECORD.decode(Codecs.MODEL_RECORD.encode(r), "test"))
                .isEqualTo(r);
    }

    @Test
    void handlesAModelWithFiveHundredVersionsAndALongAuditTrail() {
        for (int i = 0; i < 500; i++) {
            register(i % 2 == 0 ? CHAMPION : null);
        }
        ModelRecord r = state.require(MODEL);
        assertThat(r.latestVersion()).isEqualTo(OptionalInt.of(500));
        assertThat(r.audit()).hasSize(750);
        assertThat(RegistryState.previousChampion(r)).isEqualTo(OptionalInt.of(497));
        assertThat(rollback().aliases()).containsEntry(CHAMPION, 497);
    }

    // --- registration -----------------------------------------------------------------------

    @Test
    void registrationRefusesBadFieldsNamingTheModel() {
        Registration ok = registration(null);
        Map<String, Double> nan = new HashMap<>();
        nan.put("auc", Double.NaN);
        assertFails(
                () -> ok.withMetrics(nan),
                Reason.INVALID_ARGUMENT,
                "registration of model credit-default, metric \"auc\": expected a finite number, got NaN");
        assertFails(
                () -> ok.withMetrics(Map.of("rmse", Double.POSITIVE_INFINITY)),
                Reason.INVALID_ARGUMENT,
                "got Infinity");
        assertFails(() -> ok.withSnapshotId(-1L), Reason.INVALID_ARGUMENT, "snapshot id: expected a lake snapshot id");
        assertFails(() -> ok.withAlias("prod"), Reason.INVALID_ARGUMENT, "alias: expected champion or challenger");
        assertFails(
                () -> Registration.of(MODEL, "credit", Task.CLASSIFICATION, " ", "t"),
                Reason.INVALID_ARGUMENT,
                "run id: expected a non-empty string");
        assertFails(
                () -> Registration.of(MODEL, "Credit", Task.CLASSIFICATION, "r", "t"),
                Reason.INVALID_ARGUMENT,
                "dataset name: expected");
        assertFails(
                () -> Registration.of(MODEL, "credit", null, "r", "t"),
                Reason.INVALID_ARGUMENT,
                "task: expected one of");
        assertFails(
                () -> Registration.of("-x", "credit", Task.CLASSIFICATION, "r", "t"),
                Reason.INVALID_ARGUMENT,
                "starts with a dash");
        assertThat(ok.withReason("  ").reason()).isNull();
        assertThat(ok.withMetrics(null).metrics()).isEmpty();
    }
}
