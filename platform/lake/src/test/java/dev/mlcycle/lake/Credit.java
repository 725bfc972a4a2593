package dev.mlcycle.lake;

import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.record.LabelEvent;
import dev.mlcycle.contracts.record.OffsetRange;
import dev.mlcycle.contracts.spec.DatasetCatalog;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.FeatureSpec;
import dev.mlcycle.contracts.spec.Partitioning;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.iceberg.data.Record;

/** The shipped credit dataset and seeded events of it, for tests. */
final class Credit {
    static final String TOPIC = "mlcycle.events.credit";
    static final Instant DAY_ONE = Instant.parse("2026-01-01T00:00:00Z");

    private static final String[] REGIONS = {"north", "south", "east", "west", "central"};
    private static final String[] EMPLOYMENT = {"salaried", "self_employed", "unemployed", "retired", "student"};
    private static final String[] PURPOSES = {"car", "home", "education", "debt_consolidation", "business", "other"};

    private Credit() {}

    static DatasetSpec spec(Path dir) {
        return new DatasetCatalog(dir).load("credit");
    }

    /** {@code s} with other features, sort key and partitioning: the spec changes a table meets over time. */
    static DatasetSpec respec(DatasetSpec s, List<FeatureSpec> features, List<String> sort, Partitioning partition) {
        return new DatasetSpec(
                s.name(),
                s.description(),
                s.key(),
                s.id(),
                s.timestamp(),
                s.label(),
                features,
                sort,
                partition,
                s.validation());
    }

    /** {@code n} events with ids {@code <prefix>-<i>}, times spread evenly over {@code days} days from day one. */
    static List<FeatureEvent> events(String prefix, int n, int days, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long spanMillis = Duration.ofDays(days).toMillis();
        List<FeatureEvent> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("income", rnd.nextInt(20) == 0 ? null : Math.round(rnd.nextDouble(8_000, 250_000) * 100) / 100.0);
            f.put("age", (long) rnd.nextInt(18, 90));
            f.put("debt_ratio", rnd.nextDouble(0, 3));
            f.put("utilization", rnd.nextDouble(0, 1.2));
            f.put("delinquencies", (long) rnd.nextInt(0, 6));
            f.put("credit_history_months", (long) rnd.nextInt(0, 600));
            f.put("open_accounts", (long) rnd.nextInt(0, 30));
            f.put("loan_amount", (double) rnd.nextInt(500, 200_000));
            f.put("months_employed", rnd.nextInt(10) == 0 ? null : (double) rnd.nextInt(0, 480));
            f.put("region", REGIONS[rnd.nextInt(REGIONS.length)]);
            f.put("employment", EMPLOYMENT[rnd.nextInt(EMPLOYMENT.length)]);
            f.put("purpose", PURPOSES[rnd.nextInt(PURPOSES.length)]);
            f.put("has_mortgage", rnd.nextBoolean());
            Instant t = DAY_ONE.plusMillis(n == 1 ? 0 : spanMillis * i / n).plusNanos(rnd.nextInt(1000) * 1000L);
            Object label = rnd.nextInt(4) == 0 ? (rnd.nextInt(5) == 0 ? "yes" : "no") : null;
            events.add(new FeatureEvent(prefix + "-" + i, "c-" + rnd.nextInt(2000), t, f, label));
        }
        return events;
    }

    static List<Record> rows(LakeTable table, List<FeatureEvent> events) {
        return events.stream().map(table::toRecord).toList();
    }

    static List<LabelEvent> labels(String prefix, int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<LabelEvent> labels = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            labels.add(new LabelEvent(
                    prefix + "-" + i, rnd.nextBoolean() ? "yes" : "no", DAY_ONE.plusSeconds(rnd.nextInt(3 * 86_400))));
        }
        return labels;
    }

    static OffsetRange range(int partition, long from, long until) {
        return new OffsetRange(TOPIC, partition, from, until);
    }

    static SourcePartition tp(int partition) {
        return new SourcePartition(TOPIC, partition);
    }
}
