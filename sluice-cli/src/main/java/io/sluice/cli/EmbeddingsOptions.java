package io.sluice.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code --url} option of the {@code embeddings} commands: the embeddings service, not the text writer. Given on
 * the subcommand or on {@code embeddings} itself ({@code sluice embeddings --url URL status}).
 */
public final class EmbeddingsOptions {

    /** Where the embeddings service listens when started by {@code ./sluice up}. */
    public static final String DEFAULT_URL = "http://localhost:5003";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--url", paramLabel = "URL", description = "Embeddings service URL (default: " + DEFAULT_URL + ").")
    String url;

    String url() {
        return ServiceUrl.resolve(mixee, url, EmbeddingsOptions.class, o -> o.url, DEFAULT_URL);
    }

    EmbeddingsClient client() {
        return new EmbeddingsClient(url());
    }
}
