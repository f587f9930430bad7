package io.sluice.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code --url} option of the {@code inventory} commands: the inventory service, not the text writer. Given on
 * the subcommand or on {@code inventory} itself ({@code sluice inventory --url URL get 1}).
 */
public final class InventoryOptions {

    /** Where the inventory service listens when started by {@code ./sluice up}. */
    public static final String DEFAULT_URL = "http://localhost:8081";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--url", paramLabel = "URL", description = "Inventory service URL (default: " + DEFAULT_URL + ").")
    String url;

    String url() {
        return ServiceUrl.resolve(mixee, url, InventoryOptions.class, o -> o.url, DEFAULT_URL);
    }

    InventoryClient client() {
        return new InventoryClient(url());
    }
}
