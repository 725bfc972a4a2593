import dev.mlcycle.stats.drift.KolmogorovSmirnov;
import dev.mlcycle.stats.drift.KsResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The Java side of bench/ks.sh: reads DIR/x.f64 and DIR/y.f64 (little-endian float64, written by
 * ks_scipy.py) and times, ROUNDS times each, on one thread:
 *
 * <ul>
 *   <li>{@code KolmogorovSmirnov.twoSample(x, y)}: copy, sort, test (what a caller with unsorted windows pays);
 *   <li>{@code Arrays.sort} of copies of both samples alone;
 *   <li>{@code KolmogorovSmirnov.twoSampleSorted(xs, ys)} on sorted samples: the walk plus the p-value.
 * </ul>
 *
 * Prints each round, and the median and best of the rounds after the first (JIT warm-up), with D and p.
 */
public class KsBench {
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        double[] x = read(dir.resolve("x.f64"));
        double[] y = read(dir.resolve("y.f64"));
        double[] full = new double[rounds];
        double[] sort = new double[rounds];
        double[] sorted = new double[rounds];
        KsResult r = null;
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            r = KolmogorovSmirnov.twoSample(x, y);
            long t1 = System.nanoTime();
            double[] xs = x.clone();
            double[] ys = y.clone();
            Arrays.sort(xs);
            Arrays.sort(ys);
            long t2 = System.nanoTime();
            KsResult s = KolmogorovSmirnov.twoSampleSorted(xs, ys);
            long t3 = System.nanoTime();
            if (!s.equals(r)) {
                throw new IllegalStateException("sorted and unsorted paths disagree: " + r + " vs " + s);
            }
            full[i] = (t1 - t0) / 1e6;
            sort[i] = (t2 - t1) / 1e6;
            sorted[i] = (t3 - t2) / 1e6;
            System.out.printf("  java round %d: twoSample %.1f ms; sort both %.1f ms; twoSampleSorted %.1f ms%n",
                    i + 1, full[i], sort[i], sorted[i]);
        }
        System.out.printf("mlcycle KolmogorovSmirnov (Java %s, one thread): twoSample median %.1f ms (best %.1f); "
                        + "sorting both median %.1f ms (best %.1f); twoSampleSorted median %.1f ms (best %.1f); "
                        + "D = %s, p = %s, exact = %s%n",
                System.getProperty("java.version"), median(full), best(full), median(sort), best(sort),
                median(sorted), best(sorted), r.statistic(), r.pValue(), r.exact());
    }

    private static double best(double[] v) {
        return Arrays.stream(v, v.length > 1 ? 1 : 0, v.length).min().orElseThrow();
    }

    private static double median(double[] v) {
        double[] w = Arrays.copyOfRange(v, v.length > 1 ? 1 : 0, v.length);
        Arrays.sort(w);
        return w.length % 2 == 1 ? w[w.length / 2] : (w[w.length / 2 - 1] + w[w.length / 2]) / 2;
    }

    private static double[] read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[b.remaining() / Double.BYTES];
        b.asDoubleBuffer().get(out);
        return out;
    }
}
