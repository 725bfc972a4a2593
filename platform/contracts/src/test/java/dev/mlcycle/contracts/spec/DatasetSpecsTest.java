package dev.mlcycle.contracts.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetSpecsTest {
    static final String VALID =
            """
            name: loans
            key: customer_id
            id: event_id
            timestamp: event_time
            label: { name: default, type: categorical, values: [no, yes], arrives: delayed }
            features:
              - { name: income, type: numeric, min: 0, nullable: true }
              - { name: region, type: categorical, values: [north, south], unseen: allow }
            sort: [region, event_time]
            partition: day
            """;

    @Test
    void loadsEveryPartOfAValidSpec() {
        DatasetSpec spec = DatasetSpecs.loadResource(getClass().getClassLoader(), "specs/loans.yaml");
        assertThat(spec.name()).isEqualTo("loans");
        assertThat(spec.key()).isEqualTo("customer_id");
        assertThat(spec.label().values()).containsExactly("no", "yes");
        assertThat(spec.label().arrives()).isEqualTo(LabelSpec.Arrival.DELAYED);
        assertThat(spec.featureNames()).containsExactly("income", "age", "region", "purpose", "has_mortgage");
        FeatureSpec income = spec.feature("income").orElseThrow();
        assertThat(income.type()).isEqualTo(FeatureType.NUMERIC);
        assertThat(income.min()).isEqualTo(0.0);
        assertThat(income.max()).isNull();
        assertThat(income.nullable()).isTrue();
        assertThat(spec.feature("region").orElseThrow().unseenAllowed()).isFalse();
        assertThat(spec.feature("purpose").orElseThrow().unseenAllowed()).isTrue();
        assertThat(spec.sort()).containsExactly("region", "event_time");
        assertThat(spec.partition()).isEqualTo(Partitioning.DAY);
        assertThat(spec.validation().maxFuture()).isEqualTo(Duration.ofDays(1));
        assertThat(spec.validation().maxRecordBytes()).isEqualTo(4096);
        assertThat(spec.validation().maxDepth()).isEqualTo(8);
    }

    @Test
    void readsBareYesAndNoAsCategoriesNotBooleans() {
        DatasetSpec spec = DatasetSpecs.parse(VALID, "loans.yaml");
        assertThat(spec.label().values()).containsExactly("no", "yes");
    }

    @Test
    void defaultsSortToTheTimestampAndValidationToTheDefaults() {
        DatasetSpec spec = DatasetSpecs.parse(VALID.replace("sort: [region, event_time]\n", ""), "x.yaml");
        assertThat(spec.sort()).containsExactly("event_time");
        assertThat(spec.validation()).isEqualTo(ValidationRules.DEFAULTS);
    }

    @Test
    void namesTheFileThePathTheExpectationAndWhatCame() {
        String bad = VALID.replace("type: numeric", "type: numbr");
        assertThatThrownBy(() -> DatasetSpecs.parse(bad, "specs/loans.yaml"))
                .isInstanceOf(MlcycleException.class)
                .satisfies(e ->
                        assertThat(((MlcycleException) e).reason()).isEqualTo(MlcycleException.Reason.INVALID_SPEC))
                .hasMessageContaining(
                        "specs/loans.yaml: features[0].type: expected one of numeric, integer, categorical, boolean, got \"numbr\"");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        String bad = VALID.replace("min: 0", "min: zero")
                .replace("values: [north, south]", "values: []")
                .replace("partition: day", "partition: week")
                .replace("sort: [region, event_time]", "sort: [region, nosuch]");
        assertThatThrownBy(() -> DatasetSpecs.parse(bad, "f.yaml"))
                .hasMessageContaining("(4 problems)")
                .hasMessageContaining("features[0].min: expected a finite number, got \"zero\"")
                .hasMessageContaining("features[1].values: expected a non-empty list of strings, got a list")
                .hasMessageContaining("partition: expected one of hour, day, month, got \"week\"")
                .hasMessageContaining("sort[1]: expected one of the dataset's fields");
    }

    @Test
    void rejectsUnknownKeysSoTyposAreNotSilentlyIgnored() {
        String bad = VALID.replace("nullable: true", "nulable: true");
        assertThatThrownBy(() -> DatasetSpecs.parse(bad, "f.yaml"))
                .hasMessageContaining("features[0].nulable: unknown key; expected one of");
    }

    @Test
    void rejectsDuplicateFeatureNamesAndClashesWithTheKeyFields() {
        String bad = VALID.replace("name: region", "name: income")
                .replace("name: income, type: numeric", "name: event_id, type: numeric");
        assertThatThrownBy(() -> DatasetSpecs.parse(bad, "f.yaml"))
                .hasMessageContaining(
                        "features[0].name: \"event_id\" is already the key, id, timestamp or label field");
        String dup = VALID.replace("name: region", "name: income");
        assertThatThrownBy(() -> DatasetSpecs.parse(dup, "f.yaml"))
                .hasMessageContaining(
                        "features[1].name: expected a name not used by another feature, got \"income\" again");
    }

    @Test
    void rejectsMinAboveMaxAndRangesOnCategories() {
        String bad = VALID.replace("min: 0, nullable: true", "min: 10, max: 1")
                .replace("unseen: allow", "unseen: allow, min: 3");
        assertThatThrownBy(() -> DatasetSpecs.parse(bad, "f.yaml"))
                .hasMessageContaining("features[0].max: expected a max >= min (10), got 1")
                .hasMessageContaining("features[1].min: a categorical feature has values, not min");
    }

    @Test
    void rejectsABadDatasetNameAndABadLabel() {
        String bad = VALID.replace("name: loans", "name: Loans-2")
                .replace("type: categorical, values: [no, yes], arrives: delayed", "type: integer, arrives: sometimes");
        assertThatThrownBy(() -> DatasetSpecs.parse(bad, "f.yaml"))
                .hasMessageContaining("name: expected a dataset name matching")
                .hasMessageContaining(
                        "label.type: expected categorical (classification) or numeric (regression), got \"integer\"")
                .hasMessageContaining("label.arrives: expected one of inline, delayed, got \"sometimes\"");
    }

    @Test
    void rejectsDuplicateYamlKeysAndBrokenYaml() {
        assertThatThrownBy(() -> DatasetSpecs.parse(VALID + "name: other\n", "f.yaml"))
                .hasMessageContaining("f.yaml: not valid YAML")
                .hasMessageContaining("name");
        assertThatThrownBy(() -> DatasetSpecs.parse("name: [unclosed", "g.yaml"))
                .hasMessageContaining("g.yaml: not valid YAML at line");
        assertThatThrownBy(() -> DatasetSpecs.parse("", "empty.yaml"))
                .hasMessageContaining("empty.yaml: (top): expected a mapping");
    }

    @Test
    void namesAMissingFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> DatasetSpecs.load(missing))
                .hasMessageContaining(missing + ": no such dataset spec file");
    }

    @Test
    void loadsFromAFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("loans.yaml");
        Files.writeString(f, VALID);
        assertThat(DatasetSpecs.load(f).featureNames()).isEqualTo(List.of("income", "region"));
    }

    @Test
    void parsesShortAndIsoDurations() {
        assertThat(DatasetSpecs.parseDuration("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(DatasetSpecs.parseDuration("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(DatasetSpecs.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DatasetSpecs.parseDuration("PT30M")).isEqualTo(Duration.ofMinutes(30));
        assertThat(DatasetSpecs.parseDuration("soon")).isNull();
    }
}
