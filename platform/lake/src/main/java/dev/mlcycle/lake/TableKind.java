package dev.mlcycle.lake;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The kinds of table a dataset has in the lake; each is one Iceberg table {@code <dataset>.<kind>}. */
public enum TableKind {
    /** The dataset's events: id, key, event time, the features and an inline label if any. */
    EVENTS,
    /** Labels that arrived after their events: id, label, label time. */
    LABELS,
    /**
     * Batch predictions of the dataset's events: event id and time, model, version, label, probabilities or value, and
     * the job that wrote them ({@link PredictionsTable}). Written by serving's batch scoring, never by ingest.
     */
    PREDICTIONS;

    /** The kinds ingest fills from Kafka topics: {@link #EVENTS} and {@link #LABELS}. */
    public static List<TableKind> ingested() {
        return List.of(EVENTS, LABELS);
    }

    /** The table's name within the dataset's namespace: {@code events}, {@code labels} or {@code predictions}. */
    public String tableName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The kind named by {@code text} ({@code events}, {@code labels} or {@code predictions}, any case).
     *
     * @throws MlcycleException {@link Reason#INVALID_ARGUMENT} for any other text
     */
    public static TableKind parse(String text) {
        if (text != null) {
            for (TableKind kind : values()) {
                if (kind.tableName().equalsIgnoreCase(text.trim())) {
                    return kind;
                }
            }
        }
        throw new MlcycleException(
                Reason.INVALID_ARGUMENT,
                "unknown table kind \"" + text + "\": expected one of "
                        + Arrays.stream(values()).map(TableKind::tableName).toList());
    }
}
