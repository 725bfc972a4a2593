package dev.mlcycle.e2e.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * DESIGN.md's layering rules, as ArchUnit rules. Each rule's reason says how to mend a break.
 *
 * <ul>
 *   <li>{@code contracts} is at the bottom: Jackson and the JDK only.
 *   <li>{@code platform/*} never imports Quarkus or a service, and only the platform modules its row
 *       of the module table allows.
 *   <li>{@code platform/http} is the one platform module that may use the JAX-RS API (never Quarkus).
 *   <li>Services never import each other (they talk through topics and HTTP), nor the CLI.
 *   <li>Inside a service: resource → service → adapter, never backwards.
 *   <li>One way to read a topic to its end or follow it ({@code platform/topics}), one exception mapper
 *       ({@code platform/http}), used by every service.
 * </ul>
 */
public final class ArchitectureRules {
    static final String ROOT = "dev.mlcycle";
    static final String CONTRACTS = "dev.mlcycle.contracts..";
    static final String[] SERVICES = {"ingest", "training", "serving", "monitoring"};
    static final String[] PLATFORM = {
        "dev.mlcycle.contracts..",
        "dev.mlcycle.stats..",
        "dev.mlcycle.lake..",
        "dev.mlcycle.features..",
        "dev.mlcycle.registry..",
        "dev.mlcycle.topics..",
        "dev.mlcycle.http..",
        "dev.mlcycle.kafka.local..",
        "dev.mlcycle.datagen.."
    };
    static final String TOPICS = "dev.mlcycle.topics..";
    static final String HTTP = "dev.mlcycle.http..";
    static final String[] SERVICE_AND_CLI_PACKAGES = {
        "dev.mlcycle.ingest..",
        "dev.mlcycle.training..",
        "dev.mlcycle.serving..",
        "dev.mlcycle.monitoring..",
        "dev.mlcycle.cli.."
    };

    private ArchitectureRules() {}

    public static final ArchRule CONTRACTS_ARE_AT_THE_BOTTOM = classes()
            .that()
            .resideInAPackage(CONTRACTS)
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(CONTRACTS, "java..", "com.fasterxml.jackson..")
            .because("contracts is at the bottom of DESIGN.md's module table and may use Jackson only;"
                    + " move the code that needs more into the platform module that owns it");

    public static final ArchRule PLATFORM_NEVER_IMPORTS_QUARKUS_OR_SERVICES = noClasses()
            .that()
            .resideInAnyPackage(PLATFORM)
            .and()
            .resideOutsideOfPackage(HTTP)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.quarkus..",
                    "jakarta.ws.rs..",
                    "jakarta.enterprise..",
                    "jakarta.inject..",
                    "io.smallrye..",
                    "dev.mlcycle.ingest..",
                    "dev.mlcycle.training..",
                    "dev.mlcycle.serving..",
                    "dev.mlcycle.monitoring..",
                    "dev.mlcycle.cli..")
            .because("platform/* is plain Java that every service and the CLI share; keep Quarkus wiring"
                    + " in the service and pass platform classes what they need as arguments");

    public static final ArchRule PLATFORM_HTTP_USES_THE_JAX_RS_API_ONLY = noClasses()
            .that()
            .resideInAPackage(HTTP)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.quarkus..",
                    "jakarta.enterprise..",
                    "jakarta.inject..",
                    "io.smallrye..",
                    "dev.mlcycle.ingest..",
                    "dev.mlcycle.training..",
                    "dev.mlcycle.serving..",
                    "dev.mlcycle.monitoring..",
                    "dev.mlcycle.cli..")
            .because("platform/http holds what every service's HTTP surface shares on the JAX-RS API alone;"
                    + " Quarkus wiring stays in the service");

    /**
     * One way to read a topic to its end or follow it: only platform/topics seeks a consumer to the beginning of a
     * topic (a service's group consumer seeks to the lake's offsets, which is not a replay).
     */
    public static final ArchRule TOPICS_ARE_REPLAYED_AND_FOLLOWED_BY_PLATFORM_TOPICS_ONLY = noClasses()
            .that()
            .resideOutsideOfPackage(TOPICS)
            .should()
            .callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe(
                    "seekToBeginning of a Kafka consumer",
                    call -> call.getName().equals("seekToBeginning")
                            && call.getTargetOwner().isAssignableTo("org.apache.kafka.clients.consumer.Consumer")))
            .because("reading a topic to its end or following it is platform/topics' job: use TopicReplay"
                    + " (to its end, on from the last read, or offset ranges) or TopicFollower (restarts,"
                    + " caught-up signal) instead of a loop of your own");

    /** One exception mapper: platform/http's MlcycleExceptionMapper, which a service gets by depending on it. */
    public static final ArchRule MLCYCLE_EXCEPTIONS_ARE_MAPPED_BY_PLATFORM_HTTP_ONLY = noClasses()
            .that()
            .resideInAnyPackage(SERVICE_AND_CLI_PACKAGES)
            .should()
            .haveSimpleName("MlcycleExceptionMapper")
            .because("every service answers an MlcycleException with platform/http's MlcycleExceptionMapper"
                    + " ({\"error\", \"reason\", \"message\"}); depend on mlcycle-http instead of writing another");

    /** Platform edges from DESIGN.md's "may depend on" column; anything else is a break. */
    public static final List<ArchRule> PLATFORM_DEPENDS_ONLY_AS_THE_TABLE_SAYS = List.of(
            platformMayUse("dev.mlcycle.stats..", CONTRACTS),
            platformMayUse("dev.mlcycle.lake..", CONTRACTS),
            platformMayUse("dev.mlcycle.features..", CONTRACTS),
            platformMayUse(
                    "dev.mlcycle.registry..", CONTRACTS, "dev.mlcycle.stats..", "dev.mlcycle.features..", TOPICS),
            platformMayUse(TOPICS, CONTRACTS),
            platformMayUse(HTTP, CONTRACTS),
            platformMayUse("dev.mlcycle.kafka.local..", CONTRACTS),
            platformMayUse("dev.mlcycle.datagen..", CONTRACTS));

    public static final List<ArchRule> SERVICES_NEVER_IMPORT_EACH_OTHER = servicesIsolated();

    public static final List<ArchRule> SERVICES_ARE_LAYERED = servicesLayered();

    public static final ArchRule SERVICES_READ_CONFIG_THROUGH_THEIR_CONFIG_MAPPING = noClasses()
            .that()
            .resideInAnyPackage(
                    "dev.mlcycle.ingest..",
                    "dev.mlcycle.training..",
                    "dev.mlcycle.serving..",
                    "dev.mlcycle.monitoring..")
            .should()
            .callMethod(System.class, "getenv", String.class)
            .orShould()
            .callMethod(System.class, "getenv")
            .because("each service has one typed @ConfigMapping whose keys are all overridable by environment"
                    + " variable; add a key there instead of reading the environment directly")
            .allowEmptyShould(true);

    private static ArchRule platformMayUse(String module, String... allowed) {
        String[] others = java.util.Arrays.stream(PLATFORM)
                .filter(p -> !p.equals(module))
                .filter(p -> !java.util.Arrays.asList(allowed).contains(p))
                .toArray(String[]::new);
        return noClasses()
                .that()
                .resideInAPackage(module)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(others)
                .because(
                        module + " may depend on " + String.join(", ", allowed)
                                + " only (DESIGN.md's module table); move shared code down into contracts or change the design first")
                .allowEmptyShould(true);
    }

    private static List<ArchRule> servicesIsolated() {
        List<ArchRule> rules = new java.util.ArrayList<>();
        for (String s : SERVICES) {
            List<String> forbidden = new java.util.ArrayList<>();
            for (String other : SERVICES) {
                if (!other.equals(s)) {
                    forbidden.add(ROOT + "." + other + "..");
                }
            }
            forbidden.add("dev.mlcycle.cli..");
            rules.add(noClasses()
                    .that()
                    .resideInAPackage(ROOT + "." + s + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(forbidden.toArray(String[]::new))
                    .because(s + "-service must not import another service or the CLI: services talk through"
                            + " topics and HTTP; put shared types in platform/contracts")
                    .allowEmptyShould(true));
        }
        rules.add(noClasses()
                .that()
                .resideInAPackage("dev.mlcycle.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.mlcycle.ingest..",
                        "dev.mlcycle.training..",
                        "dev.mlcycle.serving..",
                        "dev.mlcycle.monitoring..")
                .because("the CLI talks to services over HTTP and Kafka, not by importing them")
                .allowEmptyShould(true));
        return List.copyOf(rules);
    }

    private static List<ArchRule> servicesLayered() {
        List<ArchRule> rules = new java.util.ArrayList<>();
        for (String s : SERVICES) {
            String base = ROOT + "." + s;
            rules.add(layeredArchitecture()
                    .consideringOnlyDependenciesInLayers()
                    .withOptionalLayers(true)
                    .layer("Resource")
                    .definedBy(base + ".resource..")
                    .layer("Service")
                    .definedBy(base + ".service..")
                    .layer("Adapter")
                    .definedBy(base + ".adapter..")
                    .whereLayer("Resource")
                    .mayNotBeAccessedByAnyLayer()
                    .whereLayer("Service")
                    .mayOnlyBeAccessedByLayers("Resource")
                    .whereLayer("Adapter")
                    .mayOnlyBeAccessedByLayers("Service")
                    .because(s + "-service is a thin resource -> service -> adapter stack: resources map and"
                            + " validate, services decide, adapters do I/O; call downwards only"));
        }
        return List.copyOf(rules);
    }
}
