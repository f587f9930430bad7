package io.sluice.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code --url} option of the {@code analytics} commands: the analytics service. Given on the subcommand or on
 * {@code analytics} itself ({@code sluice analytics --url URL summary}).
 */
public final class AnalyticsOptions {

    /** Where the analytics service listens when started by {@code ./sluice up}. */
    public static final String DEFAULT_URL = "http://localhost:8083";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--url", paramLabel = "URL", description = "Analytics service URL (default: " + DEFAULT_URL + ").")
    String url;

    String url() {
        return ServiceUrl.resolve(mixee, url, AnalyticsOptions.class, o -> o.url, DEFAULT_URL);
    }

    JsonHttpClient client() {
        return new JsonHttpClient(url(), java.time.Duration.ofSeconds(60));
    }
}
