/**
 * Drift scenarios (stationary, covariate shift, concept drift, prior shift), their change points and
 * ramp windows, and the parser of the compact CLI syntax ({@link dev.mlcycle.datagen.scenario.Scenarios}).
 */
package dev.mlcycle.datagen.scenario;
