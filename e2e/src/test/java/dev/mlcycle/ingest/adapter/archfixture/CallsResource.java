package dev.mlcycle.ingest.adapter.archfixture;

/** Breaks a layering rule on purpose; see ArchitectureRulesCatchBreaksTest. */
public class CallsResource {
    public Object broken() {
        return new dev.mlcycle.ingest.resource.archfixture.SomeResource();
    }
}
