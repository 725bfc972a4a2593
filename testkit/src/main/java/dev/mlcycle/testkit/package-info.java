/**
 * Test support shared by the services: Quarkus test resources that run the services' tests against the
 * real local Kafka broker of {@code platform/kafka-local}.
 */
package dev.mlcycle.testkit;
