/**
 * The model host: follows the registry, loads, warms, swaps and retains the served versions. (Placeholder package
 * from the log helper's branch holding only the interfaces the router codes against; the host helper's branch
 * brings the rest.)
 */
package dev.mlcycle.serving.host;
