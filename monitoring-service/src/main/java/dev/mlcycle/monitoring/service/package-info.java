/**
 * Runs the monitoring topology: reads the registry, starts Kafka Streams once the references can be found, and turns
 * what the topology reports into Prometheus metrics.
 */
package dev.mlcycle.monitoring.service;
