package dev.mlcycle.training.archfixture;

/** Breaks a layering rule on purpose (a second mapper); see ArchitectureRulesCatchBreaksTest. */
public class MlcycleExceptionMapper {}
