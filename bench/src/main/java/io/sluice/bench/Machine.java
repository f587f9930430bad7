package io.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What a figure was measured on: cores, memory, and the load average at the time (Linux {@code /proc}). */
public final class Machine {
    private Machine() {}

    /** {@code "2 cores, 23.5 GiB"}. */
    public static String describe() {
        return String.format(
                Locale.ROOT,
                "%d cores, %.1f GiB memory, %s",
                Runtime.getRuntime().availableProcessors(),
                memoryKiB() / 1024.0 / 1024.0,
                "Java " + Runtime.version().feature());
    }

    /** {@code "load 1.23 0.98 0.75"}: the 1, 5 and 15 minute load averages, or "load n/a" off Linux. */
    public static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return "load " + f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "load n/a";
        }
    }

    private static long memoryKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // Fall through to the JVM's view.
        }
        return Runtime.getRuntime().maxMemory() / 1024;
    }
}
