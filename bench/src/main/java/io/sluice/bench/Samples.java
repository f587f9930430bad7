package io.sluice.bench;

import java.util.Arrays;

/** A growable array of long samples (latencies), written by one thread. Not thread-safe. */
public final class Samples {
    private long[] values = new long[1024];
    private int size;

    public void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    public void addAll(Samples other) {
        for (int i = 0; i < other.size; i++) {
            add(other.values[i]);
        }
    }

    /** The {@code index}-th sample added (0-based). */
    public long get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("sample " + index + " of " + size);
        }
        return values[index];
    }

    public int size() {
        return size;
    }

    /** Percentiles of the samples so far (nearest rank). */
    public Percentiles percentiles() {
        return Percentiles.of(Arrays.copyOf(values, size));
    }
}
