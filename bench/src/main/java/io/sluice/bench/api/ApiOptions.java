package io.sluice.bench.api;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code sluice bench api} measures.
 *
 * @param seconds measured seconds per scenario
 * @param warmupSeconds unmeasured seconds before each scenario
 * @param connections concurrent connections (closed loop: each waits for its answer)
 * @param rows rows in {@code text_messages} before the run
 * @param wrk the wrk executable to drive HTTP with, or empty for the Java load generator
 */
public record ApiOptions(int seconds, int warmupSeconds, int connections, long rows, Optional<Path> wrk) {
    public ApiOptions {
        if (seconds < 1 || connections < 1 || rows < 1 || warmupSeconds < 0) {
            throw new IllegalArgumentException("--seconds, --connections and --rows must be at least 1");
        }
    }
}
