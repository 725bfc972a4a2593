package dev.mlcycle.datagen;

/**
 * The ground truth behind one valid event, whether or not the label travels with it.
 *
 * @param label the drawn label class
 * @param probability P(positive | x) that the label was drawn with: the concept in force at this event
 *     (blended during concept drift) and, under a prior shift, the posterior after rejection sampling
 * @param labelArrives whether the label reaches the stream (inline, or a delayed label that is not lost)
 */
public record Truth(String label, double probability, boolean labelArrives) {}
