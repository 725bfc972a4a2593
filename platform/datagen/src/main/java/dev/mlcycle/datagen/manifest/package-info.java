/**
 * The ground-truth manifest of a generated run (options, counts, change points, every fault, stream
 * sha256) and its JSON form.
 */
package dev.mlcycle.datagen.manifest;
