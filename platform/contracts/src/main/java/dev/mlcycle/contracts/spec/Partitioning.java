package dev.mlcycle.contracts.spec;

/** How the lake partitions a dataset's tables by event time (Hive style, {@code dt=YYYY-MM-DD}). */
public enum Partitioning {
    HOUR,
    DAY,
    MONTH;

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
