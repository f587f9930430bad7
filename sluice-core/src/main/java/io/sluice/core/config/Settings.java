package io.sluice.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Flat, layered configuration: dotted keys ({@code kafka.bootstrap_servers}) to string values.
 *
 * <p>Layers, lowest precedence first: built-in defaults (given by each typed getter), the YAML file, environment
 * variables (through an explicit name-to-key table), then command-line overrides ({@code --set key=value}). Each
 * layer replaces single keys, not whole sections. Section aliases (the original's {@code flask:} for {@code http:})
 * are resolved when the file is read; the canonical section wins when both are present.
 *
 * <p>Immutable and thread-safe. Getters throw {@link ConfigException} naming the key and the bad value.
 */
public final class Settings {
    /** Made on first use: without a config file, a service's start skips it (~400 classes, ~50 ms). */
    private static final class Yaml {
        static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());
    }

    /** Layers by precedence, lowest first; an origin string starts with one of these words. */
    private static final java.util.List<String> LAYERS = java.util.List.of("default", "file", "env", "override");

    private final Map<String, String> values;
    private final Map<String, String> origins;
    /** Keys read under another name than the user wrote ({@link #rewrite}, {@link #within}): key to written key. */
    private final Map<String, String> written;

    private Settings(Map<String, String> values, Map<String, String> origins) {
        this(values, origins, Map.of());
    }

    private Settings(Map<String, String> values, Map<String, String> origins, Map<String, String> written) {
        this.values = Map.copyOf(values);
        this.origins = Map.copyOf(origins);
        this.written = Map.copyOf(written);
    }

    /** Settings holding exactly {@code values}; for tests and for programmatic wiring. */
    public static Settings of(Map<String, String> values) {
        return builder().overrides(values).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The standard stack: {@code configFile} (or {@code ./config.yaml} when null and present) with the original's
     * {@code flask:} section read as {@code http:}, then the environment through {@code envToKey}, then overrides.
     */
    public static Settings load(
            Path configFile, Map<String, String> envToKey, Map<String, String> env, Map<String, String> overrides) {
        Builder b = builder().alias("flask", "http");
        Path file = configFile != null ? configFile : Path.of("config.yaml");
        if (configFile != null || Files.isRegularFile(file)) {
            b.file(file);
        }
        return b.env(envToKey, env).overrides(overrides).build();
    }

    /**
     * {@link #load} from a service main's arguments, {@code [--config FILE] [key=value ...]}.
     *
     * @throws ConfigException naming an argument of neither form
     */
    public static Settings fromArgs(String[] args, Map<String, String> envToKey, Map<String, String> env) {
        Path file = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (args[i].equals("--config") && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else if (eq > 0) {
                overrides.put(args[i].substring(0, eq), args[i].substring(eq + 1));
            } else {
                throw new ConfigException(
                        "unexpected argument '" + args[i] + "'; usage: [--config FILE] [key=value ...]");
            }
        }
        return load(file, envToKey, env, overrides);
    }

    /** These settings with {@code overrides} on top (origin {@code override}). */
    public Settings with(Map<String, String> overrides) {
        Map<String, String> v = new LinkedHashMap<>(values);
        Map<String, String> o = new LinkedHashMap<>(origins);
        Map<String, String> w = new LinkedHashMap<>(written);
        overrides.forEach((k, val) -> {
            v.put(k, val);
            o.put(k, "override");
            w.remove(k);
        });
        return new Settings(v, o, w);
    }

    /** These settings with {@code defaults} for the keys that no layer set (origin {@code default}). */
    public Settings withDefaults(Map<String, String> defaults) {
        Map<String, String> v = new LinkedHashMap<>(values);
        Map<String, String> o = new LinkedHashMap<>(origins);
        defaults.forEach((k, val) -> {
            if (!isSet(k)) {
                v.put(k, val);
                o.put(k, "default");
            }
        });
        return new Settings(v, o, written);
    }

    /**
     * The keys under {@code prefix.}, with the prefix removed: a section read as if it were the whole file. Errors
     * still name the keys as written ({@code events.batch.max_records}, not {@code batch.max_records}).
     */
    public Settings within(String prefix) {
        Map<String, String> v = new LinkedHashMap<>();
        Map<String, String> o = new LinkedHashMap<>();
        Map<String, String> w = new LinkedHashMap<>();
        String p = prefix + ".";
        values.forEach((k, val) -> {
            if (k.startsWith(p)) {
                String inner = k.substring(p.length());
                v.put(inner, val);
                o.put(inner, origin(k));
                w.put(inner, keyName(k));
            }
        });
        return new Settings(v, o, w);
    }

    /**
     * These settings with every key under {@code prefix.} also set under the name {@code target} gives its rest,
     * unless a higher layer set that name (an environment variable beats a namespaced key in the file). This is how
     * {@code services.<name>.<key>} reaches a service that reads an older key; errors name the key as written.
     */
    public Settings rewrite(String prefix, java.util.function.UnaryOperator<String> target) {
        Map<String, String> v = new LinkedHashMap<>(values);
        Map<String, String> o = new LinkedHashMap<>(origins);
        Map<String, String> w = new LinkedHashMap<>(written);
        String p = prefix + ".";
        values.forEach((k, val) -> {
            if (!k.startsWith(p)) {
                return;
            }
            String to = target.apply(k.substring(p.length()));
            if (!to.equals(k) && rank(origin(k)) >= rank(origin(to))) {
                v.put(to, val);
                o.put(to, origin(k));
                w.put(to, keyName(k));
            }
        });
        return new Settings(v, o, w);
    }

    private static int rank(String origin) {
        for (int i = LAYERS.size() - 1; i >= 0; i--) {
            if (origin.startsWith(LAYERS.get(i))) {
                return i;
            }
        }
        return 0;
    }

    /** The key as the user wrote it, for messages: differs from {@code key} after {@link #rewrite} or {@link #within}. */
    public String keyName(String key) {
        return written.getOrDefault(key, key);
    }

    /** Whether a layer (file, environment or override) set this key to a non-blank value. Defaults do not count. */
    public boolean isSet(String key) {
        return optional(key).isPresent();
    }

    /** Where the key's value came from ({@code file}, {@code env VAR}, {@code override}), or {@code default}. */
    public String origin(String key) {
        return origins.getOrDefault(key, "default");
    }

    public Optional<String> optional(String key) {
        return Optional.ofNullable(values.get(key)).filter(v -> !v.isBlank());
    }

    public String string(String key, String defaultValue) {
        return optional(key).orElse(defaultValue);
    }

    public String required(String key) {
        return optional(key).orElseThrow(() -> new ConfigException(keyName(key) + " is required but not set"));
    }

    public int integer(String key, int defaultValue) {
        return optional(key).map(v -> parseInt(keyName(key), v)).orElse(defaultValue);
    }

    /** An integer within {@code [min, max]}. */
    public int integer(String key, int defaultValue, int min, int max) {
        int value = integer(key, defaultValue);
        if (value < min || value > max) {
            throw new ConfigException(keyName(key) + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    public long longValue(String key, long defaultValue) {
        return optional(key).map(v -> parseLong(keyName(key), v)).orElse(defaultValue);
    }

    public boolean bool(String key, boolean defaultValue) {
        return optional(key)
                .map(v -> switch (v.trim().toLowerCase()) {
                    case "true", "yes", "on", "1" -> true;
                    case "false", "no", "off", "0" -> false;
                    default -> throw new ConfigException(keyName(key) + " must be true or false, got '" + v + "'");
                })
                .orElse(defaultValue);
    }

    /** A duration given in milliseconds under {@code key}. */
    public Duration millis(String key, Duration defaultValue) {
        return optional(key)
                .map(v -> Duration.ofMillis(parseLong(keyName(key), v)))
                .orElse(defaultValue);
    }

    /** All keys under {@code prefix.} with the prefix removed, e.g. pass-through client properties. */
    public Map<String, String> section(String prefix) {
        Map<String, String> out = new TreeMap<>();
        String p = prefix + ".";
        values.forEach((k, v) -> {
            if (k.startsWith(p)) {
                out.put(k.substring(p.length()), v);
            }
        });
        return out;
    }

    private static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be an integer, got '" + value + "'", e);
        }
    }

    private static long parseLong(String key, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be an integer, got '" + value + "'", e);
        }
    }

    /** Assembles the layers; later calls of the same layer type win over earlier ones. */
    public static final class Builder {
        private final Map<String, String> values = new LinkedHashMap<>();
        private final Map<String, String> origins = new LinkedHashMap<>();
        private final Map<String, String> aliases = new LinkedHashMap<>();

        private Builder() {}

        /** Reads {@code alias.*} keys of the file as {@code section.*} (e.g. {@code flask} → {@code http}). */
        public Builder alias(String alias, String section) {
            aliases.put(alias, section);
            return this;
        }

        /** Adds a YAML file; a missing file is an error, since the caller named it. */
        public Builder file(Path path) {
            if (!Files.isRegularFile(path)) {
                throw new ConfigException("config file " + path + " does not exist");
            }
            Map<String, String> flat = new LinkedHashMap<>();
            try {
                JsonNode root = Yaml.MAPPER.readTree(path.toFile());
                if (root != null && !root.isMissingNode() && !root.isNull()) {
                    if (!root.isObject()) {
                        throw new ConfigException("config file " + path + " must hold a mapping at the top level");
                    }
                    flatten("", root, flat);
                }
            } catch (IOException e) {
                throw new ConfigException("config file " + path + " is not valid YAML: " + e.getMessage(), e);
            }
            // Aliased keys first, so the canonical section overrides them.
            flat.forEach((k, v) -> {
                String section = k.substring(0, Math.max(k.indexOf('.'), 0));
                if (aliases.containsKey(section)) {
                    put(aliases.get(section) + k.substring(section.length()), v, "file " + path);
                }
            });
            flat.forEach((k, v) -> {
                String section = k.substring(0, Math.max(k.indexOf('.'), 0));
                if (!aliases.containsKey(section)) {
                    put(k, v, "file " + path);
                }
            });
            return this;
        }

        /** Applies environment variables named in {@code variableToKey} that are present in {@code env}. */
        public Builder env(Map<String, String> variableToKey, Map<String, String> env) {
            variableToKey.forEach((variable, key) -> {
                String value = env.get(variable);
                if (value != null && !value.isBlank()) {
                    put(key, value, "env " + variable);
                }
            });
            return this;
        }

        public Builder overrides(Map<String, String> overrides) {
            overrides.forEach((k, v) -> put(k, v, "override"));
            return this;
        }

        public Builder override(String key, String value) {
            put(key, value, "override");
            return this;
        }

        public Settings build() {
            return new Settings(values, origins);
        }

        private void put(String key, String value, String origin) {
            if (value == null) {
                return;
            }
            values.put(key, value);
            origins.put(key, origin);
        }

        private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
            if (node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    var e = it.next();
                    flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
                }
            } else if (!node.isNull()) {
                out.put(prefix, node.isValueNode() ? node.asText() : node.toString());
            }
        }
    }
}
