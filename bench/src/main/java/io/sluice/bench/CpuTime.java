package io.sluice.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * CPU seconds used so far by this JVM and by a PostgreSQL server (its postmaster and every child process, read
 * from {@code /proc}). The difference of two readings around a phase says how much CPU each side spent on it: with
 * both sides adding up to cores × wall time, the phase was CPU-bound.
 */
public record CpuTime(double jvmSeconds, double postgresSeconds) {
    /** Linux's USER_HZ, the unit of {@code /proc/<pid>/stat} CPU times, is 100 on every mainstream kernel. */
    private static final double TICKS_PER_SECOND = 100.0;

    /** Reads both clocks now; {@code postgresDataDirectory} empty (an external server) reads 0 for PostgreSQL. */
    public static CpuTime now(Optional<Path> postgresDataDirectory) {
        double jvm = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                        .getProcessCpuTime()
                / 1e9;
        return new CpuTime(jvm, postgresDataDirectory.map(CpuTime::postgres).orElse(0.0));
    }

    public CpuTime minus(CpuTime earlier) {
        return new CpuTime(jvmSeconds - earlier.jvmSeconds, postgresSeconds - earlier.postgresSeconds);
    }

    private static double postgres(Path dataDirectory) {
        try {
            String first = Files.readAllLines(dataDirectory.resolve("postmaster.pid"))
                    .get(0)
                    .trim();
            long pid = Long.parseLong(first);
            double ticks = ticks(pid, true);
            for (ProcessHandle child :
                    ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(java.util.List.of())) {
                ticks += ticks(child.pid(), false);
            }
            return ticks / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** utime + stime (and the reaped children's cutime + cstime for the postmaster) of one process. */
    private static long ticks(long pid, boolean withReapedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After "pid (comm) ": f[0] is field 3 (state), so field n is f[n - 3].
            long own = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return withReapedChildren ? own + Long.parseLong(f[13]) + Long.parseLong(f[14]) : own;
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended meanwhile
        }
    }
}
