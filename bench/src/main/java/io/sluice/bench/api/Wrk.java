package io.sluice.bench.api;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs <a href="https://github.com/wg/wrk">wrk</a> for an {@link HttpScenario} and reads its report. */
final class Wrk {
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ([\\d.]+)(us|ms|s|m),");
    private static final Pattern LATENCY_MAX = Pattern.compile("Latency\\s+\\S+\\s+\\S+\\s+(\\S+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|90|99)%\\s+(\\S+)\\s*$", Pattern.MULTILINE);
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS =
            Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern DURATION = Pattern.compile("([\\d.]+)(us|ms|s|m|h)");

    private final Path executable;
    private final Path scratch;

    Wrk(Path executable, Path scratch) {
        this.executable = executable;
        this.scratch = scratch;
    }

    /** The {@code wrk} executable on the PATH, if any (what {@code command -v wrk} finds). */
    static Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "wrk");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Runs a discarded warm-up, then the measured run, with {@code connections} connections. */
    LoadResult run(HttpScenario scenario, int connections, Duration warmup, Duration measure)
            throws InterruptedException {
        Path script = scratch.resolve("wrk-" + Math.abs(scenario.name().hashCode()) + ".lua");
        try {
            Files.writeString(script, scenario.wrkScript(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + script, e);
        }
        String url = "http://" + scenario.host() + ":" + scenario.port() + scenario.wrkPath();
        if (!warmup.isZero()) {
            invoke(script, url, connections, warmup);
        }
        String output = invoke(script, url, connections, measure);
        int threads = Math.min(connections, Runtime.getRuntime().availableProcessors());
        return parse(scenario.name(), output, "wrk, " + threads + " threads, " + connections + " connections");
    }

    private String invoke(Path script, String url, int connections, Duration duration) throws InterruptedException {
        int threads = Math.min(connections, Runtime.getRuntime().availableProcessors());
        ProcessBuilder pb = new ProcessBuilder(
                        executable.toString(),
                        "-t" + threads,
                        "-c" + connections,
                        "-d" + Math.max(1, duration.toSeconds()) + "s",
                        "--latency",
                        "-s",
                        script.toString(),
                        url,
                        "--",
                        Integer.toString(ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE)))
                .redirectErrorStream(true);
        try {
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(duration.toSeconds() + 30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("wrk failed on " + url + ":\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + executable, e);
        }
    }

    /** Reads a {@code wrk --latency} report. */
    static LoadResult parse(String name, String output, String client) {
        Matcher requests = find(REQUESTS, output, "the request count");
        long count = Long.parseLong(requests.group(1));
        double seconds = micros(requests.group(2) + requests.group(3)) / 1e6;
        long[] percentiles = new long[3];
        Matcher m = PERCENTILE.matcher(output);
        while (m.find()) {
            int index =
                    switch (m.group(1)) {
                        case "50" -> 0;
                        case "90" -> 1;
                        default -> 2;
                    };
            percentiles[index] = micros(m.group(2));
        }
        long max = micros(find(LATENCY_MAX, output, "the latency line").group(1));
        long errors = 0;
        Matcher non2xx = NON_2XX.matcher(output);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = SOCKET_ERRORS.matcher(output);
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(socket.group(g));
            }
        }
        return new LoadResult(
                name, count, errors, seconds, percentiles[0], percentiles[1], percentiles[2], max, client);
    }

    private static Matcher find(Pattern pattern, String output, String what) {
        Matcher m = pattern.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("wrk's output has no " + what + ":\n" + output);
        }
        return m;
    }

    /** {@code 950.00us}, {@code 1.23ms}, {@code 2.00s}, {@code 1.00m} in microseconds. */
    static long micros(String value) {
        Matcher m = DURATION.matcher(value.trim());
        if (!m.matches()) {
            throw new IllegalStateException("not a wrk duration: '" + value + "'");
        }
        double v = Double.parseDouble(m.group(1));
        double factor =
                switch (m.group(2)) {
                    case "us" -> 1;
                    case "ms" -> 1e3;
                    case "s" -> 1e6;
                    case "m" -> 60e6;
                    default -> 3600e6;
                };
        return Math.round(v * factor);
    }
}
