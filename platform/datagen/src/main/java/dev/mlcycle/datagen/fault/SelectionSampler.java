package dev.mlcycle.datagen.fault;

import dev.mlcycle.datagen.model.Rng;

/**
 * Chooses exactly {@code k} of {@code n} positions, in one pass, each k-subset equally likely: Knuth's
 * selection sampling (The Art of Computer Programming, vol. 2, 3.4.2, Algorithm S). Call {@link #next()}
 * once per position, in order; position {@code t} is selected with probability {@code (k - selected) / (n
 * - t)}. Draws nothing once the quota or the positions run out.
 */
public final class SelectionSampler {
    private final long n;
    private final long k;
    private final Rng rng;
    private long seen;
    private long selected;

    public SelectionSampler(long n, long k, Rng rng) {
        if (n < 0 || k < 0 || k > n) {
            throw new IllegalArgumentException("expected 0 <= k <= n, got k=" + k + ", n=" + n);
        }
        this.n = n;
        this.k = k;
        this.rng = rng;
    }

    /** Whether the next position is selected. */
    public boolean next() {
        if (seen >= n) {
            throw new IllegalStateException("all " + n + " positions already visited");
        }
        long remaining = n - seen;
        long needed = k - selected;
        seen++;
        if (needed == 0) {
            return false;
        }
        if (needed == remaining || rng.nextDouble() * remaining < needed) {
            selected++;
            return true;
        }
        return false;
    }

    /** How many positions have been selected so far. */
    public long selected() {
        return selected;
    }

    /** How many will be selected in all. */
    public long quota() {
        return k;
    }
}
