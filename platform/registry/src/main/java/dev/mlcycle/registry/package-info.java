/**
 * Model bundles (model, encoder state, model card, reference profile, each with its sha256), the
 * compacted registry log and the champion and challenger aliases. Filled by the training issue.
 */
package dev.mlcycle.registry;
