/**
 * The compacted {@code mlcycle.registry} topic, keyed by model name, each value a whole {@link
 * dev.mlcycle.contracts.record.ModelRecord}. {@link dev.mlcycle.registry.topic.RegistryWriter} is the
 * single transactional writer (a newer one fences the older); {@link
 * dev.mlcycle.registry.topic.RegistryReader} reads it once, and {@link
 * dev.mlcycle.registry.topic.RegistryFollower} follows it, both under read_committed, skipping (and
 * logging) records that do not decode.
 */
package dev.mlcycle.registry.topic;
