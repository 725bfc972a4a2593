package dev.mlcycle.datagen;

import dev.mlcycle.contracts.spec.LabelSpec.Arrival;
import java.util.Locale;

/**
 * Measures in-memory generation speed: {@code GeneratorBench [events] [malformed rate] [inline|delayed]
 * [rounds]}. Generates the run {@code rounds} times (the first warms the JIT up) and prints valid events
 * per second for each; nothing is written anywhere. Not a test: speed is measured, never asserted.
 */
public final class GeneratorBench {
    private GeneratorBench() {}

    public static void main(String[] args) {
        long events = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 1_000_000L;
        double malformed = args.length > 1 ? Double.parseDouble(args[1]) : 0.01;
        String labels = args.length > 2 ? args[2] : "delayed";
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        GeneratorOptions options = GeneratorOptions.builder()
                .events(events)
                .malformed(malformed)
                .faults("nulls=0.01,outliers=0.005")
                .labels(Arrival.valueOf(labels.toUpperCase(Locale.ROOT)))
                .scenario("covariate:at=50%,features=income|region,size=0.5")
                .build();
        for (int round = 1; round <= rounds; round++) {
            long t0 = System.nanoTime();
            DataGenerator gen = DataGenerator.create(options);
            long[] bytes = new long[1];
            long[] records = new long[1];
            var manifest = gen.drain(r -> {
                records[0]++;
                bytes[0] += r.value().length;
            });
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "round %d: %,d valid events, %,d records, %,d value bytes in %.2f s: %,.0f events/s, %,.0f records/s"
                            + " (sha256 %s)%n",
                    round,
                    events,
                    records[0],
                    bytes[0],
                    seconds,
                    events / seconds,
                    records[0] / seconds,
                    manifest.sha256().substring(0, 16));
        }
    }
}
