package dev.mlcycle.serving.archfixture;

/** Breaks a layering rule on purpose; see ArchitectureRulesCatchBreaksTest. */
public class UsesTraining {
    public Object broken() {
        return new dev.mlcycle.training.archfixture.TrainingThing();
    }
}
