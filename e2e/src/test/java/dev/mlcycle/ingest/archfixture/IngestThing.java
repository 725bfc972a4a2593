package dev.mlcycle.ingest.archfixture;

/** Breaks a layering rule on purpose; see ArchitectureRulesCatchBreaksTest. */
public class IngestThing {}
