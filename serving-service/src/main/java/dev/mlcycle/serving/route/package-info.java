/**
 * Rollout between a model's champion and its challenger: {@link dev.mlcycle.serving.route.Router} picks the version
 * that answers (and the one scored in the shadow) from the model's {@link dev.mlcycle.serving.route.Rollout} and the
 * request's sticky routing key.
 */
package dev.mlcycle.serving.route;
