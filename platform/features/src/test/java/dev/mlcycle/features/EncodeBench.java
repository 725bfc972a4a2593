package dev.mlcycle.features;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;

/**
 * Measures encoding speed on one thread (wall time, and the thread's CPU time, which a busy machine
 * distorts less): credit rows (generated, with nulls, outliers and extra
 * purposes) through {@link FeatureEncoder#encode(Map, double[])}, {@link FeatureEncoder#encode(Map)} and
 * {@link FeatureEncoder#example}. Not a test; run by hand from the repository root:
 *
 * <pre>
 * ./mvnw -B -o -q -pl platform/features test-compile exec:java \
 *     -Dexec.mainClass=dev.mlcycle.features.EncodeBench -Dexec.classpathScope=test [-Dexec.args="1000000 5"]
 * </pre>
 *
 * Arguments: rows encoded per round (default 1,000,000), rounds (default 5) and distinct rows (default
 * 50,000). The rows cycle over the distinct generated rows, so the measurement is of encoding, not of
 * generating; with few distinct rows they stay in the CPU cache, which shows the encoder's own cost apart
 * from the cost of reading boxed values out of maps in memory.
 */
public final class EncodeBench {
    private EncodeBench() {}

    public static void main(String[] args) {
        int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int distinct = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
        List<Map<String, Object>> rows = Fixtures.creditRows(21, distinct);
        long f0 = System.nanoTime();
        EncoderState state = FeatureEncoder.fit(Fixtures.credit(), rows);
        System.out.printf(
                "fit on %,d rows: %.1f ms; %d columns%n", rows.size(), (System.nanoTime() - f0) / 1e6, state.width());
        FeatureEncoder encoder = FeatureEncoder.of(state);
        double[] out = new double[encoder.width()];
        double sink = 0;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 1; round <= rounds; round++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < perRound; i++) {
                encoder.encode(rows.get(i % rows.size()), out);
                sink += out[i % out.length];
            }
            long t1 = System.nanoTime();
            long c1 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < perRound; i++) {
                sink += encoder.encode(rows.get(i % rows.size()))[0];
            }
            long c2 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < perRound; i++) {
                Example<Label> e = encoder.example(rows.get(i % rows.size()), LabelFactory.UNKNOWN_LABEL);
                sink += e.size();
            }
            long c3 = threads.getCurrentThreadCpuTime();
            System.out.printf(
                    "round %d: %,d rows: encode(row, out) %.3f s wall, %.3f s cpu (%.0f ns/row);"
                            + " encode(row) %.3f s cpu; example %.3f s cpu%n",
                    round,
                    perRound,
                    (t1 - t0) / 1e9,
                    (c1 - c0) / 1e9,
                    (double) (c1 - c0) / perRound,
                    (c2 - c1) / 1e9,
                    (c3 - c2) / 1e9);
        }
        System.out.println("(checksum " + sink + ", unseen " + encoder.unseenCounts() + ")");
    }
}
