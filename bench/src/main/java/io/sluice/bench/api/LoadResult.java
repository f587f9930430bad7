package io.sluice.bench.api;

import io.sluice.bench.Percentiles;

/**
 * One scenario's outcome over its measured window.
 *
 * @param requests requests completed in the window (errors included)
 * @param errors failed requests: non-2xx answers, I/O errors, exceptions
 * @param seconds the length of the window
 * @param p50Micros latency percentiles and maximum, in microseconds
 */
record LoadResult(
        String name,
        long requests,
        long errors,
        double seconds,
        long p50Micros,
        long p90Micros,
        long p99Micros,
        long maxMicros,
        String client) {

    static LoadResult of(String name, long requests, long errors, double seconds, Percentiles micros, String client) {
        return new LoadResult(
                name, requests, errors, seconds, micros.p50(), micros.p90(), micros.p99(), micros.max(), client);
    }

    double perSecond() {
        return seconds <= 0 ? 0 : requests / seconds;
    }
}
