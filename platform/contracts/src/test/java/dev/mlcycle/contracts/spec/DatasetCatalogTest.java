package dev.mlcycle.contracts.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCatalogTest {
    @TempDir
    Path data;

    @Test
    void loadsTheShippedCreditSpec() {
        DatasetSpec spec = new DatasetCatalog(data).load("credit");
        assertThat(spec.name()).isEqualTo("credit");
        assertThat(spec.features()).hasSize(13);
        assertThat(new DatasetCatalog(data).known()).containsExactly("credit", "housing");
    }

    @Test
    void loadsTheShippedHousingSpecWithANumericLabel() {
        DatasetSpec spec = new DatasetCatalog(data).load("housing");
        assertThat(spec.name()).isEqualTo("housing");
        assertThat(spec.features()).hasSize(7);
        assertThat(spec.label().isClassification()).isFalse();
        assertThat(spec.label().name()).isEqualTo("price");
    }

    @Test
    void specFileInTheDataDirectoryWinsAndIsListed() throws Exception {
        Path dir = Files.createDirectories(data.resolve("datasets"));
        Files.writeString(
                dir.resolve("credit.yaml"),
                """
                name: credit
                key: customer_id
                id: event_id
                timestamp: event_time
                label: { name: default, type: categorical, values: ["no", "yes"], arrives: inline }
                features:
                  - { name: income, type: numeric }
                """);
        Files.writeString(
                dir.resolve("clicks.yaml"),
                """
                name: clicks
                key: user
                id: click_id
                timestamp: ts
                label: { name: clicked, type: categorical, values: ["no", "yes"], arrives: inline }
                features:
                  - { name: page, type: categorical, values: [a, b] }
                """);
        DatasetCatalog catalog = new DatasetCatalog(data);
        assertThat(catalog.load("credit").features()).hasSize(1);
        assertThat(catalog.known()).containsExactly("credit", "housing", "clicks");
    }

    @Test
    void unknownDatasetNamesTheChoices() {
        assertThatThrownBy(() -> new DatasetCatalog(data).load("nope"))
                .isInstanceOf(MlcycleException.class)
                .hasMessageContaining("no dataset named \"nope\"")
                .hasMessageContaining("[credit, housing]");
    }
}
