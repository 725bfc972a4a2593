package dev.mlcycle.e2e.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Checks every module's production classes against DESIGN.md's layering rules. */
class ArchitectureTest {
    static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ArchitectureRules.ROOT);
    }

    @Test
    void seesTheClassesOfEveryBuiltModule() {
        // A rule over no classes proves nothing: make sure the import found the modules.
        for (String pkg : List.of(
                "dev.mlcycle.contracts",
                "dev.mlcycle.topics",
                "dev.mlcycle.http",
                "dev.mlcycle.registry",
                "dev.mlcycle.kafka.local",
                "dev.mlcycle.datagen",
                "dev.mlcycle.cli",
                "dev.mlcycle.ingest",
                "dev.mlcycle.training",
                "dev.mlcycle.serving",
                "dev.mlcycle.monitoring")) {
            assertThat(classes.stream().anyMatch(c -> c.getPackageName().startsWith(pkg)))
                    .as("classes of %s were imported", pkg)
                    .isTrue();
        }
    }

    @TestFactory
    List<DynamicTest> everyLayeringRuleHolds() {
        List<ArchRule> rules = new ArrayList<>();
        rules.add(ArchitectureRules.CONTRACTS_ARE_AT_THE_BOTTOM);
        rules.add(ArchitectureRules.PLATFORM_NEVER_IMPORTS_QUARKUS_OR_SERVICES);
        rules.add(ArchitectureRules.PLATFORM_HTTP_USES_THE_JAX_RS_API_ONLY);
        rules.add(ArchitectureRules.TOPICS_ARE_REPLAYED_AND_FOLLOWED_BY_PLATFORM_TOPICS_ONLY);
        rules.add(ArchitectureRules.MLCYCLE_EXCEPTIONS_ARE_MAPPED_BY_PLATFORM_HTTP_ONLY);
        rules.addAll(ArchitectureRules.PLATFORM_DEPENDS_ONLY_AS_THE_TABLE_SAYS);
        rules.addAll(ArchitectureRules.SERVICES_NEVER_IMPORT_EACH_OTHER);
        rules.addAll(ArchitectureRules.SERVICES_ARE_LAYERED);
        rules.add(ArchitectureRules.SERVICES_READ_CONFIG_THROUGH_THEIR_CONFIG_MAPPING);
        List<DynamicTest> tests = new ArrayList<>();
        for (ArchRule rule : rules) {
            tests.add(DynamicTest.dynamicTest(rule.getDescription(), () -> rule.check(classes)));
        }
        return tests;
    }
}
