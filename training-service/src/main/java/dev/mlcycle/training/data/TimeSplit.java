package dev.mlcycle.training.data;

import java.time.Instant;

/**
 * A frame cut by event time into train, validation and test rows: the oldest {@code train} share is fitted on,
 * the next {@code validation} share is evaluated and reported, and the newest rest is the test split the gate
 * decides on. Splitting by time, never at random, means the model is judged on data from after everything it
 * saw, as it will be in production; random splits of time-ordered data leak the future into training.
 *
 * <p>The frame is already ordered by event time then event id, so the cut is deterministic. Rows that share the
 * cut's event time stay on the older side only if their id sorts first; that is the tie-break, stated once.
 *
 * @param trainEnd rows {@code [0, trainEnd)} are the train split
 * @param validationEnd rows {@code [trainEnd, validationEnd)} are the validation split
 * @param size rows {@code [validationEnd, size)} are the test split
 */
public record TimeSplit(int trainEnd, int validationEnd, int size) {

    /**
     * Cuts {@code size} rows by these shares.
     *
     * @throws IllegalArgumentException when a share is out of {@code (0, 1)} or the shares leave no test rows,
     *     or when a split would be empty
     */
    public static TimeSplit of(int size, double trainShare, double validationShare) {
        if (!(trainShare > 0 && trainShare < 1) || !(validationShare >= 0 && validationShare < 1)) {
            throw new IllegalArgumentException("split shares: expected train in (0, 1) and validation in [0, 1), got "
                    + trainShare + " and " + validationShare);
        }
        if (trainShare + validationShare >= 1) {
            throw new IllegalArgumentException("split shares: train " + trainShare + " + validation " + validationShare
                    + " leave nothing for the test split; expected a sum below 1");
        }
        int trainEnd = (int) Math.floor(size * trainShare);
        int validationEnd = (int) Math.floor(size * (trainShare + validationShare));
        if (trainEnd == 0 || validationEnd == size || (validationShare > 0 && validationEnd == trainEnd)) {
            throw new IllegalArgumentException("split of " + size + " rows by shares " + trainShare + "/"
                    + validationShare + " leaves a split empty; more rows are needed");
        }
        return new TimeSplit(trainEnd, validationEnd, size);
    }

    /** Rows in the train split. */
    public int trainRows() {
        return trainEnd;
    }

    /** Rows in the validation split. */
    public int validationRows() {
        return validationEnd - trainEnd;
    }

    /** Rows in the test split. */
    public int testRows() {
        return size - validationEnd;
    }

    /** The event time where the validation split starts. */
    public Instant validationFrom(LabelledFrame frame) {
        return frame.eventTime(trainEnd);
    }

    /** The event time where the test split starts. */
    public Instant testFrom(LabelledFrame frame) {
        return frame.eventTime(validationEnd);
    }
}
