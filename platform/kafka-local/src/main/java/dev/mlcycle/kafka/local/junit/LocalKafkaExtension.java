package dev.mlcycle.kafka.local.junit;

import dev.mlcycle.kafka.local.LocalKafka;
import dev.mlcycle.kafka.local.SharedLocalKafka;
import java.lang.reflect.AnnotatedElement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Gives tests the JVM's one local Kafka broker ({@link SharedLocalKafka}): started lazily when a test
 * first asks for it, with the contract topics, and closed when the JUnit run ends (the broker is held in
 * the root context's store, which closes it).
 *
 * <p>Resolves parameters of type {@link LocalKafka} and {@code @}{@link Bootstrap} {@code String}. Use
 * it through {@link WithLocalKafka}, or {@code @ExtendWith(LocalKafkaExtension.class)}.
 */
public final class LocalKafkaExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(LocalKafkaExtension.class);
    private static final String KEY = "shared-broker";

    /**
     * The shared broker, for code that is not a test method parameter (a static field initializer, a
     * {@code @BeforeAll} of a class without the extension). Stopped when the JVM exits.
     */
    public static LocalKafka shared() {
        return SharedLocalKafka.get();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LocalKafka.class || (type == String.class && parameter.isAnnotated(Bootstrap.class));
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        LocalKafka kafka = broker(context);
        List<String> datasets = datasets(context);
        if (!datasets.isEmpty()) {
            kafka.ensureContractTopics(datasets.toArray(String[]::new));
        }
        return parameter.getParameter().getType() == LocalKafka.class ? kafka : kafka.bootstrapServers();
    }

    private static LocalKafka broker(ExtensionContext context) {
        ExtensionContext.Store root = context.getRoot().getStore(NAMESPACE);
        return root.computeIfAbsent(KEY, key -> new StoredBroker(shared()), StoredBroker.class)
                .kafka();
    }

    /** The datasets named by every {@link WithLocalKafka} on the test method and its enclosing classes. */
    private static List<String> datasets(ExtensionContext context) {
        Set<String> datasets = new LinkedHashSet<>();
        for (Optional<ExtensionContext> c = Optional.of(context);
                c.isPresent();
                c = c.get().getParent()) {
            Optional<AnnotatedElement> element = c.get().getElement();
            element.flatMap(e -> AnnotationSupport.findAnnotation(e, WithLocalKafka.class))
                    .ifPresent(a -> datasets.addAll(List.of(a.datasets())));
        }
        return List.copyOf(datasets);
    }

    /** Held in the root store: JUnit closes it when the run ends, and with it the shared broker. */
    private record StoredBroker(LocalKafka kafka) implements AutoCloseable {
        @Override
        public void close() {
            SharedLocalKafka.close();
        }
    }
}
