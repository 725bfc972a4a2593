/**
 * Where generated records go: a JSON-lines file ({@link dev.mlcycle.datagen.sink.JsonlSink}) or Kafka
 * ({@link dev.mlcycle.datagen.sink.KafkaSink}, idempotent, acks=all, optionally paced by a {@link
 * dev.mlcycle.datagen.sink.TokenBucket}).
 */
package dev.mlcycle.datagen.sink;
