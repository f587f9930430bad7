package io.sluice.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Prometheus text exposition (version 0.0.4), as the services' {@code /metrics} render it: one sample a line,
 * {@code name{label="value",...} value [timestamp]}, comments and blank lines skipped, label values unescaped
 * ({@code \\}, {@code \"}, {@code \n}). A line that does not parse is skipped, never fatal: the console shows what
 * it can. Immutable.
 */
record PrometheusText(List<Sample> samples) {
    /** One sample. */
    record Sample(String name, Map<String, String> labels, double value) {}

    PrometheusText {
        samples = List.copyOf(samples);
    }

    static PrometheusText parse(String text) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            Sample s = parseLine(l);
            if (s != null) {
                out.add(s);
            }
        }
        return new PrometheusText(out);
    }

    /** The sum of the samples named {@code name} whose labels pass {@code labels}; null when there is none. */
    Double sum(String name, Predicate<Map<String, String>> labels) {
        double total = 0;
        boolean found = false;
        for (Sample s : samples) {
            if (s.name.equals(name) && labels.test(s.labels) && !Double.isNaN(s.value)) {
                total += s.value;
                found = true;
            }
        }
        return found ? total : null;
    }

    Double sum(String name) {
        return sum(name, l -> true);
    }

    /** The largest value among the samples named {@code name}; null when there is none. */
    Double max(String name) {
        Double max = null;
        for (Sample s : samples) {
            if (s.name.equals(name) && !Double.isNaN(s.value) && (max == null || s.value > max)) {
                max = s.value;
            }
        }
        return max;
    }

    static Sample parseLine(String line) {
        int i = 0;
        int n = line.length();
        while (i < n && line.charAt(i) != '{' && !Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        String name = line.substring(0, i);
        if (name.isEmpty()) {
            return null;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < n && line.charAt(i) == '{') {
            i++;
            while (i < n && line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                if (eq < 0 || eq + 1 >= n || line.charAt(eq + 1) != '"') {
                    return null;
                }
                String key = line.substring(i, eq).strip();
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; j < n && line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\' && j + 1 < n) {
                        char next = line.charAt(++j);
                        value.append(next == 'n' ? '\n' : next);
                    } else {
                        value.append(c);
                    }
                }
                if (j >= n) {
                    return null;
                }
                labels.put(key, value.toString());
                i = j + 1;
                while (i < n && (line.charAt(i) == ',' || Character.isWhitespace(line.charAt(i)))) {
                    i++;
                }
            }
            if (i >= n) {
                return null;
            }
            i++;
        }
        String[] rest = line.substring(i).strip().split("\\s+");
        if (rest.length == 0 || rest[0].isEmpty()) {
            return null;
        }
        try {
            return new Sample(name, labels, value(rest[0]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static double value(String v) {
        return switch (v) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(v);
        };
    }
}
