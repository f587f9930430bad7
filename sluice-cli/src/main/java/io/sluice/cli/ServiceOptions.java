package io.sluice.cli;

import java.net.URI;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code --url} option of the commands that call the Text Writer HTTP API, as a picocli mixin.
 *
 * <p>Each HTTP command carries this mixin, so {@code sluice list --url URL} works. When the top-level command carries
 * it too ({@link CliCommands#register} adds it), {@code sluice --url URL list} works as well: a command without its
 * own {@code --url} takes the value given on the nearest parent command. The URL must start with {@code http://} or
 * {@code https://}; trailing slashes are stripped.
 */
public final class ServiceOptions {

    /** Where the Text Writer service listens when started by {@code ./sluice up}. */
    public static final String DEFAULT_URL = "http://localhost:5001";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "Text Writer service URL (default: " + DEFAULT_URL + ").")
    String url;

    /** The URL given on this command, else on the nearest parent command, else the default; no trailing slash. */
    public String url() {
        String given = url;
        for (CommandSpec parent = mixee == null ? null : mixee.parent();
                given == null && parent != null;
                parent = parent.parent()) {
            for (CommandSpec mixin : parent.mixins().values()) {
                if (mixin.userObject() instanceof ServiceOptions options && options.url != null) {
                    given = options.url;
                }
            }
        }
        return normalize(given == null ? DEFAULT_URL : given);
    }

    TextWriterClient client() {
        return new TextWriterClient(url());
    }

    private static String normalize(String url) {
        String trimmed = url.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (!trimmed.startsWith("http://") && !trimmed.startsWith("https://")) {
            throw new CliException("--url must start with http:// or https://, got '" + url + "'");
        }
        try {
            if (URI.create(trimmed).getHost() == null) {
                throw new CliException("--url has no host name: '" + url + "'");
            }
        } catch (IllegalArgumentException e) {
            throw new CliException("--url is not a valid URL: '" + url + "'", e);
        }
        return trimmed;
    }
}
