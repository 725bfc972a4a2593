/**
 * Calibration of the monitoring topology's defaults on the generator's streams (no broker): {@link
 * dev.mlcycle.monitoring.calibration.Harness} feeds a generated run's predictions and delayed labels through {@code
 * TopologyTestDriver}; {@link dev.mlcycle.monitoring.calibration.Calibration} measures false alarms and detection
 * delays per scenario over several seeds (its table is in monitoring-service/DESIGN.md, "Measurements"); {@link
 * dev.mlcycle.monitoring.calibration.TopologyBench} measures predictions per second through the topology.
 */
package dev.mlcycle.monitoring.calibration;
