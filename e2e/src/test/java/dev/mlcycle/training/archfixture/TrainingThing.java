package dev.mlcycle.training.archfixture;

/** Breaks a layering rule on purpose; see ArchitectureRulesCatchBreaksTest. */
public class TrainingThing {}
