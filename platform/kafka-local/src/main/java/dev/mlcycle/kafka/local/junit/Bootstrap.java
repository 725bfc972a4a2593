package dev.mlcycle.kafka.local.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code String} test parameter that receives the shared broker's {@code bootstrap.servers}
 * ({@code 127.0.0.1:<port>}), resolved by {@link LocalKafkaExtension}.
 */
@Documented
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface Bootstrap {}
