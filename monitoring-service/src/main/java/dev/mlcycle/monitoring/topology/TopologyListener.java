package dev.mlcycle.monitoring.topology;

import dev.mlcycle.contracts.record.Alert;
import dev.mlcycle.contracts.record.DriftReport;

/** What the topology tells the service about (for metrics and logs); every method is called on a stream thread. */
public interface TopologyListener {
    /** A record was skipped: {@code reason} is one of the {@code SKIP_*} names, {@code detail} says why. */
    void skipped(String reason, String topic, String detail);

    /** A prediction was windowed. */
    void windowed(String model, int version);

    /** A label joined a prediction. */
    void joined(String model, int version);

    /** A prediction waited longer than the join keeps it and got no label. */
    void expired(String dataset);

    /** A window closed. */
    void windowClosed(DriftReport report);

    /** An alert fired or resolved. */
    void alert(Alert alert);

    String SKIP_MALFORMED = "malformed";
    String SKIP_NO_REFERENCE = "no_reference";
    String SKIP_UNKNOWN_DATASET = "unknown_dataset";
    String SKIP_UNKNOWN_LABEL = "unknown_label";
    String SKIP_BATCH = "batch";

    /** A listener that does nothing. */
    TopologyListener NONE = new TopologyListener() {
        @Override
        public void skipped(String reason, String topic, String detail) {}

        @Override
        public void windowed(String model, int version) {}

        @Override
        public void joined(String model, int version) {}

        @Override
        public void expired(String dataset) {}

        @Override
        public void windowClosed(DriftReport report) {}

        @Override
        public void alert(Alert alert) {}
    };
}
