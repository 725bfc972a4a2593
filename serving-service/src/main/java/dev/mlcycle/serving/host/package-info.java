/**
 * Model hosting: which model versions this server serves, and the swap from one to the next.
 *
 * <p>{@link dev.mlcycle.serving.host.ModelHost} follows {@code mlcycle.registry}, loads each model's champion
 * and challenger from their verified bundles off the follower's thread, warms them with synthetic rows drawn
 * from the bundle's reference profile, and swaps a model's whole {@link dev.mlcycle.serving.host.Deployment}
 * atomically. Requests lease a {@link dev.mlcycle.serving.host.ServedVersion}; a version that leaves the
 * deployment is released (its batcher closed) only once no lease is left and it is neither aliased nor among
 * the last retained versions. A version that fails to verify, load or warm is not served: the one before keeps
 * serving and {@link dev.mlcycle.serving.host.ModelStatus} says why. No Quarkus here: the service wires it.
 */
package dev.mlcycle.serving.host;
