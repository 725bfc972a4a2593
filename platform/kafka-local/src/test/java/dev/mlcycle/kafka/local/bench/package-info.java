/**
 * Benchmarks of the local broker, run from {@code bench/} scripts, never from tests: start time and
 * resident memory of the child-process broker.
 */
package dev.mlcycle.kafka.local.bench;
