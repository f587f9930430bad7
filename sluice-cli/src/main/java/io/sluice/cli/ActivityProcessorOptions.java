package io.sluice.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code --url} option of the activity processor's commands ({@code activity user}, {@code activity stats}): the
 * processor, not the ingestion API. Given on the subcommand or on {@code activity} itself.
 */
public final class ActivityProcessorOptions {

    /** Where the activity processor listens when started by {@code ./sluice up}. */
    public static final String DEFAULT_URL = "http://localhost:8084";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--url", paramLabel = "URL", description = "Activity processor URL (default: " + DEFAULT_URL + ").")
    String url;

    String url() {
        return ServiceUrl.resolve(mixee, url, ActivityProcessorOptions.class, o -> o.url, DEFAULT_URL);
    }

    ActivityProcessorClient client() {
        return new ActivityProcessorClient(url());
    }
}
