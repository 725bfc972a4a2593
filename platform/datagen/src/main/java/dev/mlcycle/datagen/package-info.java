/**
 * The drift-scenario data generator: deterministic streams of dataset events with scheduled drift,
 * delayed labels and injected faults, plus a ground-truth manifest.
 *
 * <p>Start with {@link dev.mlcycle.datagen.GeneratorOptions#builder()} and {@link
 * dev.mlcycle.datagen.DataGenerator}; records come out as {@link dev.mlcycle.datagen.GeneratedRecord} and
 * go to a {@link dev.mlcycle.datagen.sink.RecordSink}. {@code platform/datagen/README.md} documents the
 * credit and housing models' formulas, the scenario syntax, the fault kinds, the manifest and the determinism
 * guarantees.
 */
package dev.mlcycle.datagen;
