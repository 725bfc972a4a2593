/**
 * The monitoring topology on Kafka Streams, built by one pure {@link dev.mlcycle.monitoring.topology.MonitoringTopology}
 * and tested with {@code TopologyTestDriver}: predictions are windowed per model version and compared with the
 * version's reference, labels are joined to predictions by event id, and reports become alerts. The windows, the
 * pending joins and the alert tracks live in changelogged stores, and the application runs exactly-once, so a
 * restart or a second instance neither loses nor repeats a window or an alert. See the service's DESIGN.md.
 */
package dev.mlcycle.monitoring.topology;
