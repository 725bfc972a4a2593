package dev.mlcycle.stats.archfixture;

/** Breaks a layering rule on purpose; see ArchitectureRulesCatchBreaksTest. */
public class UsesLake {
    public Object broken() {
        return new dev.mlcycle.lake.archfixture.LakeThing();
    }
}
