/**
 * JUnit Jupiter support for the local broker: {@link dev.mlcycle.kafka.local.junit.WithLocalKafka} on a
 * test class injects the JVM's shared {@link dev.mlcycle.kafka.local.LocalKafka} and its bootstrap
 * address ({@link dev.mlcycle.kafka.local.junit.Bootstrap}). JUnit is an optional dependency of this
 * module: only tests load this package.
 */
package dev.mlcycle.kafka.local.junit;
