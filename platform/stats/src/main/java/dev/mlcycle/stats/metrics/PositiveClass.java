package dev.mlcycle.stats.metrics;

import java.util.List;

/**
 * Which class of a label is "positive": the one whose probability ROC-AUC, the prediction profile and drift of
 * the predicted probability are about. For a binary label it is the second declared value ({@code yes} of
 * {@code [no, yes]}); a label with more classes has none ({@value #NONE}), and its metrics are macro
 * one-vs-rest. Training, serving and monitoring all use this one rule.
 */
public final class PositiveClass {
    /** The index meaning "no positive class". */
    public static final int NONE = -1;

    private PositiveClass() {}

    /** The positive class index of a label with these classes, in their declared order: the second of two, else {@value #NONE}. */
    public static int of(List<String> classes) {
        return classes.size() == 2 ? 1 : NONE;
    }
}
