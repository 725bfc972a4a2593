package dev.mlcycle.e2e.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * The rules must be able to fail. Classes compiled from test sources in the packages the rules guard
 * break them on purpose; each rule must report its break with the reason that says how to mend it.
 */
class ArchitectureRulesCatchBreaksTest {

    @Test
    void catchesContractsUsingSomethingOtherThanJackson() {
        JavaClasses bad = new ClassFileImporter().importClasses(dev.mlcycle.contracts.archfixture.UsesKafka.class);
        EvaluationResult result = ArchitectureRules.CONTRACTS_ARE_AT_THE_BOTTOM.evaluate(bad);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString())
                .contains("org.apache.kafka")
                .contains("may use Jackson only");
    }

    @Test
    void catchesAPlatformModuleImportingAService() {
        JavaClasses bad = new ClassFileImporter()
                .importClasses(
                        dev.mlcycle.stats.archfixture.UsesIngest.class,
                        dev.mlcycle.ingest.archfixture.IngestThing.class);
        EvaluationResult result = ArchitectureRules.PLATFORM_NEVER_IMPORTS_QUARKUS_OR_SERVICES.evaluate(bad);
        assertThat(result.hasViolation()).isTrue();
    }

    @Test
    void catchesAPlatformEdgeTheTableDoesNotAllow() {
        JavaClasses bad = new ClassFileImporter()
                .importClasses(
                        dev.mlcycle.stats.archfixture.UsesLake.class, dev.mlcycle.lake.archfixture.LakeThing.class);
        boolean anyViolation = ArchitectureRules.PLATFORM_DEPENDS_ONLY_AS_THE_TABLE_SAYS.stream()
                .anyMatch(r -> r.evaluate(bad).hasViolation());
        assertThat(anyViolation).isTrue();
    }

    @Test
    void catchesOneServiceImportingAnother() {
        JavaClasses bad = new ClassFileImporter()
                .importClasses(
                        dev.mlcycle.serving.archfixture.UsesTraining.class,
                        dev.mlcycle.training.archfixture.TrainingThing.class);
        boolean anyViolation = ArchitectureRules.SERVICES_NEVER_IMPORT_EACH_OTHER.stream()
                .anyMatch(r -> r.evaluate(bad).hasViolation());
        assertThat(anyViolation).isTrue();
    }

    @Test
    void catchesAnAdapterCallingUpIntoAResource() {
        JavaClasses bad = new ClassFileImporter()
                .importClasses(
                        dev.mlcycle.ingest.adapter.archfixture.CallsResource.class,
                        dev.mlcycle.ingest.resource.archfixture.SomeResource.class);
        boolean anyViolation = ArchitectureRules.SERVICES_ARE_LAYERED.stream()
                .anyMatch(r -> r.evaluate(bad).hasViolation());
        assertThat(anyViolation).isTrue();
    }

    @Test
    void catchesAServiceReadingTheEnvironmentDirectly() {
        JavaClasses bad = new ClassFileImporter().importClasses(dev.mlcycle.monitoring.archfixture.ReadsEnv.class);
        assertThat(ArchitectureRules.SERVICES_READ_CONFIG_THROUGH_THEIR_CONFIG_MAPPING
                        .evaluate(bad)
                        .hasViolation())
                .isTrue();
    }

    @Test
    void catchesAServiceReplayingATopicWithALoopOfItsOwn() {
        JavaClasses bad =
                new ClassFileImporter().importClasses(dev.mlcycle.ingest.archfixture.ReplaysATopicByHand.class);
        EvaluationResult result =
                ArchitectureRules.TOPICS_ARE_REPLAYED_AND_FOLLOWED_BY_PLATFORM_TOPICS_ONLY.evaluate(bad);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("use TopicReplay");
    }

    @Test
    void catchesAServiceWithAnExceptionMapperOfItsOwn() {
        JavaClasses bad =
                new ClassFileImporter().importClasses(dev.mlcycle.training.archfixture.MlcycleExceptionMapper.class);
        EvaluationResult result = ArchitectureRules.MLCYCLE_EXCEPTIONS_ARE_MAPPED_BY_PLATFORM_HTTP_ONLY.evaluate(bad);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("depend on mlcycle-http");
    }
}
