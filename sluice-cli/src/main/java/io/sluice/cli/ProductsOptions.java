package io.sluice.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code --url} option of the {@code products} commands: the search indexer, not the text writer. Given on the
 * subcommand or on {@code products} itself ({@code sluice products --url URL get 1}).
 */
public final class ProductsOptions {

    /** Where the search indexer listens when started by {@code ./sluice up}. */
    public static final String DEFAULT_URL = "http://localhost:8082";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--url", paramLabel = "URL", description = "Search indexer URL (default: " + DEFAULT_URL + ").")
    String url;

    String url() {
        return ServiceUrl.resolve(mixee, url, ProductsOptions.class, o -> o.url, DEFAULT_URL);
    }

    ProductsClient client() {
        return new ProductsClient(url());
    }
}
