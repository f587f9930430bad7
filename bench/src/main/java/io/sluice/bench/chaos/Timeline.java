package io.sluice.bench.chaos;

import java.io.PrintWriter;
import java.util.Locale;

/** Prints a fault run's events, each stamped with the seconds since the run began. Thread-safe. */
final class Timeline {
    private final PrintWriter out;
    private final long began = System.nanoTime();

    Timeline(PrintWriter out) {
        this.out = out;
    }

    double elapsedSeconds() {
        return (System.nanoTime() - began) / 1e9;
    }

    long began() {
        return began;
    }

    synchronized void event(String format, Object... args) {
        out.printf(Locale.ROOT, "  [%6.1f s] %s%n", elapsedSeconds(), String.format(Locale.ROOT, format, args));
        out.flush();
    }
}
