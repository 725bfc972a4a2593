/**
 * The typed configuration of serving-service ({@link dev.mlcycle.serving.config.ServingConfig}, prefix {@code serving})
 * and its check at start-up.
 */
package dev.mlcycle.serving.config;
