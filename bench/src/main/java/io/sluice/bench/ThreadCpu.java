package io.sluice.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of this JVM's live threads by name: how a benchmark sees what a service's threads spent (the consumer
 * loop's {@code sluice-consumer-*}, its writer's {@code sluice-writer-*}) without reaching into the service. A thread
 * that has ended no longer counts, so read while the service runs.
 */
public final class ThreadCpu {
    private ThreadCpu() {}

    /** Whether a live thread's name starts with {@code prefix}. */
    public static boolean exists(String prefix) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** CPU nanoseconds used so far by the live threads whose names start with {@code prefix}; 0 if unsupported. */
    public static long nanos(String prefix) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isThreadCpuTimeSupported()) {
            return 0;
        }
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(prefix)) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                total += Math.max(0, cpu); // -1: ended meanwhile
            }
        }
        return total;
    }
}
