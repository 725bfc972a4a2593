/**
 * The model registry: immutable model bundles on disk (model, encoder state, model card, reference
 * profile, each with its sha256) and, as the one source of versions and aliases, the compacted
 * {@code mlcycle.registry} topic with training-service as its single writer.
 *
 * <ul>
 *   <li>{@link dev.mlcycle.registry.Registry} is what training uses: open it (state rebuilt from the
 *       topic, older writers fenced), then register, promote, roll back and archive.
 *   <li>{@link dev.mlcycle.registry.state} holds the rules, without I/O: model names, registrations,
 *       {@link dev.mlcycle.registry.state.RegistryState}.
 *   <li>{@link dev.mlcycle.registry.bundle} writes bundles atomically and verifies them.
 *   <li>{@link dev.mlcycle.registry.topic} writes the topic transactionally and reads or follows it
 *       for everyone else (serving, monitoring, the CLI).
 * </ul>
 *
 * <p>The module's README describes the layout on disk and the guarantees.
 */
package dev.mlcycle.registry;
