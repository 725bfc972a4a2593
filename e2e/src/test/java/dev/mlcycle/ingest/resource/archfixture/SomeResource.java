package dev.mlcycle.ingest.resource.archfixture;

/** Breaks a layering rule on purpose; see ArchitectureRulesCatchBreaksTest. */
public class SomeResource {}
