package dev.mlcycle.lake;

/**
 * A stable sort of {@code int}s (row numbers) by a comparator of ints, without boxing: insertion sort of short runs,
 * then bottom-up merges through one scratch array. Stable, so rows that compare equal keep the order they were added
 * in, as {@code List.sort} keeps it for records.
 */
final class IntSort {
    private static final int RUN = 32;

    /** Compares two ints (row numbers). */
    interface IntComparator {
        int compare(int a, int b);
    }

    private IntSort() {}

    /** Sorts {@code a[from, to)} by {@code c}. */
    static void sort(int[] a, int from, int to, IntComparator c) {
        int n = to - from;
        if (n < 2) {
            return;
        }
        for (int lo = from; lo < to; lo += RUN) {
            insertion(a, lo, Math.min(lo + RUN, to), c);
        }
        if (n <= RUN) {
            return;
        }
        int[] src = a;
        int[] dst = new int[a.length];
        for (int width = RUN; width < n; width *= 2) {
            for (int lo = from; lo < to; lo += 2 * width) {
                int mid = Math.min(lo + width, to);
                int hi = Math.min(lo + 2 * width, to);
                merge(src, dst, lo, mid, hi, c);
            }
            int[] t = src;
            src = dst;
            dst = t;
        }
        if (src != a) {
            System.arraycopy(src, from, a, from, n);
        }
    }

    /**
     * Sorts {@code a[from, to)} by unsigned {@code keys} (aligned with {@code a}: {@code keys[i - from]} belongs to
     * {@code a[i]}), comparing with {@code c} only where keys are equal; stable. The keys must order as {@code c}
     * does wherever they differ.
     */
    static void sort(int[] a, long[] keys, int from, int to, IntComparator c) {
        int n = to - from;
        if (n < 2) {
            return;
        }
        int[] rows = java.util.Arrays.copyOfRange(a, from, to);
        for (int lo = 0; lo < n; lo += RUN) {
            insertion(rows, keys, lo, Math.min(lo + RUN, n), c);
        }
        int[] rowsTo = new int[n];
        long[] keysTo = new long[n];
        long[] keysFrom = keys;
        for (int width = RUN; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                merge(rows, keysFrom, rowsTo, keysTo, lo, mid, hi, c);
            }
            int[] tr = rows;
            rows = rowsTo;
            rowsTo = tr;
            long[] tk = keysFrom;
            keysFrom = keysTo;
            keysTo = tk;
        }
        System.arraycopy(rows, 0, a, from, n);
    }

    private static int compare(long ka, int ra, long kb, int rb, IntComparator c) {
        int r = Long.compareUnsigned(ka, kb);
        return r != 0 ? r : c.compare(ra, rb);
    }

    private static void insertion(int[] a, long[] k, int lo, int hi, IntComparator c) {
        for (int i = lo + 1; i < hi; i++) {
            int v = a[i];
            long kv = k[i];
            int j = i - 1;
            while (j >= lo && compare(k[j], a[j], kv, v, c) > 0) {
                a[j + 1] = a[j];
                k[j + 1] = k[j];
                j--;
            }
            a[j + 1] = v;
            k[j + 1] = kv;
        }
    }

    private static void merge(
            int[] src, long[] srcKeys, int[] dst, long[] dstKeys, int lo, int mid, int hi, IntComparator c) {
        if (mid >= hi || compare(srcKeys[mid - 1], src[mid - 1], srcKeys[mid], src[mid], c) <= 0) {
            System.arraycopy(src, lo, dst, lo, hi - lo);
            System.arraycopy(srcKeys, lo, dstKeys, lo, hi - lo);
            return;
        }
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
            if (compare(srcKeys[i], src[i], srcKeys[j], src[j], c) <= 0) {
                dstKeys[k] = srcKeys[i];
                dst[k++] = src[i++];
            } else {
                dstKeys[k] = srcKeys[j];
                dst[k++] = src[j++];
            }
        }
        while (i < mid) {
            dstKeys[k] = srcKeys[i];
            dst[k++] = src[i++];
        }
        while (j < hi) {
            dstKeys[k] = srcKeys[j];
            dst[k++] = src[j++];
        }
    }

    private static void insertion(int[] a, int lo, int hi, IntComparator c) {
        for (int i = lo + 1; i < hi; i++) {
            int v = a[i];
            int j = i - 1;
            while (j >= lo && c.compare(a[j], v) > 0) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }

    private static void merge(int[] src, int[] dst, int lo, int mid, int hi, IntComparator c) {
        if (mid >= hi || c.compare(src[mid - 1], src[mid]) <= 0) {
            System.arraycopy(src, lo, dst, lo, hi - lo); // already in order
            return;
        }
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
            // <= takes from the left run first on ties: stable
            dst[k++] = c.compare(src[i], src[j]) <= 0 ? src[i++] : src[j++];
        }
        while (i < mid) {
            dst[k++] = src[i++];
        }
        while (j < hi) {
            dst[k++] = src[j++];
        }
    }
}
