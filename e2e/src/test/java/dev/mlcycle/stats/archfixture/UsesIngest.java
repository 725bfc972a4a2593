package dev.mlcycle.stats.archfixture;

/** Breaks a layering rule on purpose; see ArchitectureRulesCatchBreaksTest. */
public class UsesIngest {
    public Object broken() {
        return new dev.mlcycle.ingest.archfixture.IngestThing();
    }
}
