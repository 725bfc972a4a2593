package dev.mlcycle.lake.archfixture;

/** Breaks a layering rule on purpose; see ArchitectureRulesCatchBreaksTest. */
public class LakeThing {}
