/**
 * The typed configuration of training-service ({@link dev.mlcycle.training.config.TrainingConfig}, prefix {@code training})
 * and its check at start-up.
 */
package dev.mlcycle.training.config;
