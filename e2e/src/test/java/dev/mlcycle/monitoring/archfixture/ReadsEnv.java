package dev.mlcycle.monitoring.archfixture;

/** Breaks a layering rule on purpose; see ArchitectureRulesCatchBreaksTest. */
public class ReadsEnv {
    public String broken() {
        return System.getenv("HOME");
    }
}
