package io.sluice.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code --url} option of {@code activity send} and {@code activity send-file}: the activity ingestion API.
 * Given on the subcommand or on {@code activity} itself.
 */
public final class ActivityIngestOptions {

    /** Where the ingestion service listens by default (alone and in {@code ./sluice up}). */
    public static final String DEFAULT_URL = "http://localhost:9094";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "Activity ingestion service URL (default: " + DEFAULT_URL + ").")
    String url;

    String url() {
        return ServiceUrl.resolve(mixee, url, ActivityIngestOptions.class, o -> o.url, DEFAULT_URL);
    }

    ActivityIngestClient client() {
        return new ActivityIngestClient(url());
    }
}
