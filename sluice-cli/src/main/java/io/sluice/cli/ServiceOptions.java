package io.sluice.cli;

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
        return ServiceUrl.resolve(mixee, url, ServiceOptions.class, o -> o.url, DEFAULT_URL);
    }

    TextWriterClient client() {
        return new TextWriterClient(url());
    }
}
