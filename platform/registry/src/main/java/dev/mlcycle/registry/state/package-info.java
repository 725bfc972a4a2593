/**
 * The registry's rules, pure and in memory: {@link dev.mlcycle.registry.state.ModelNames} checks
 * names, {@link dev.mlcycle.registry.state.Registration} describes a new version, and {@link
 * dev.mlcycle.registry.state.RegistryState} holds every model's record and computes the next one for
 * a register, promote, rollback or archive, with its audit entries, or says why it cannot. Nothing
 * here reads a file, a clock or a topic.
 */
package dev.mlcycle.registry.state;
