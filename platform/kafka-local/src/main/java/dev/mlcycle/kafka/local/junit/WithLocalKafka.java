package dev.mlcycle.kafka.local.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class (or method) with the JVM's shared local Kafka broker: parameters of type
 * {@link dev.mlcycle.kafka.local.LocalKafka} and {@code @Bootstrap String} are injected.
 *
 * <pre>{@code
 * @WithLocalKafka(datasets = "credit")
 * class IngestIT {
 *     @Test
 *     void readsEvents(@Bootstrap String bootstrap) { ... }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(LocalKafkaExtension.class)
public @interface WithLocalKafka {
    /**
     * Datasets whose topics ({@code mlcycle.events.<d>}, {@code labels}, {@code dlq}) must exist, on top
     * of the platform topics and the shared broker's default datasets.
     */
    String[] datasets() default {};
}
