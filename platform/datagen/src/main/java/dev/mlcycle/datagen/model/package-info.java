/**
 * Data-generating processes: the seeded random streams ({@link dev.mlcycle.datagen.model.Rng}, SplitMix64
 * with {@link java.lang.StrictMath}) and the dataset models, P(x) and the known label function P(y | x)
 * (or E[y | x] of a numeric label) before and after concept drift ({@link dev.mlcycle.datagen.model.CreditModel},
 * {@link dev.mlcycle.datagen.model.HousingModel}). No I/O, no time, no
 * scenarios: those live in the generator.
 */
package dev.mlcycle.datagen.model;
