package dev.mlcycle.datagen;

import java.util.Arrays;

/**
 * The delayed labels in flight, ordered by due time then event index: a binary min-heap over primitive
 * arrays. A label is a double: the value of a numeric label, or 1 for the positive class and 0 for the other. With a one-day delay at one event a second about 86,400 labels wait at any time; a heap of
 * objects spends most of its time on cache misses, this one does not.
 */
final class LabelQueue {
    private long[] due = new long[1024];
    private long[] index = new long[1024];
    private double[] value = new double[1024];
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** The earliest due time; the queue must not be empty. */
    long peekDue() {
        return due[0];
    }

    long peekIndex() {
        return index[0];
    }

    double peekValue() {
        return value[0];
    }

    void add(long dueAt, long eventIndex, double label) {
        if (size == due.length) {
            int cap = size * 2;
            due = Arrays.copyOf(due, cap);
            index = Arrays.copyOf(index, cap);
            value = Arrays.copyOf(value, cap);
        }
        int k = size++;
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            if (!less(dueAt, eventIndex, due[parent], index[parent])) {
                break;
            }
            move(parent, k);
            k = parent;
        }
        set(k, dueAt, eventIndex, label);
    }

    /** Removes the head; read it with the peek methods first. */
    void poll() {
        int last = --size;
        long d = due[last];
        long i = index[last];
        double v = value[last];
        int k = 0;
        int half = size >>> 1;
        while (k < half) {
            int child = 2 * k + 1;
            int right = child + 1;
            if (right < size && less(due[right], index[right], due[child], index[child])) {
                child = right;
            }
            if (!less(due[child], index[child], d, i)) {
                break;
            }
            move(child, k);
            k = child;
        }
        if (size > 0) {
            set(k, d, i, v);
        }
    }

    private static boolean less(long dueA, long indexA, long dueB, long indexB) {
        return dueA != dueB ? dueA < dueB : indexA < indexB;
    }

    private void move(int from, int to) {
        due[to] = due[from];
        index[to] = index[from];
        value[to] = value[from];
    }

    private void set(int k, long d, long i, double v) {
        due[k] = d;
        index[k] = i;
        value[k] = v;
    }
}
