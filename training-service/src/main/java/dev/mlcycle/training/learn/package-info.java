/**
 * The learning algorithms ({@link dev.mlcycle.training.learn.Algorithm}), their checked parameters ({@link
 * dev.mlcycle.training.learn.Hyperparameters}), the seeded Tribuo trainers built from them ({@link
 * dev.mlcycle.training.learn.TrainerFactory}) and the grid search with k-fold cross-validation ({@link
 * dev.mlcycle.training.learn.GridSearch}). Pure: no I/O.
 */
package dev.mlcycle.training.learn;
