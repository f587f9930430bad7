package io.sluice.cli;

import java.net.URI;
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
        String given = url;
        for (CommandSpec parent = mixee == null ? null : mixee.parent();
                given == null && parent != null;
                parent = parent.parent()) {
            for (CommandSpec mixin : parent.mixins().values()) {
                if (mixin.userObject() instanceof InventoryOptions options && options.url != null) {
                    given = options.url;
                }
            }
        }
        String trimmed = (given == null ? DEFAULT_URL : given).strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (!trimmed.startsWith("http://") && !trimmed.startsWith("https://")) {
            throw new CliException("--url must start with http:// or https://, got '" + given + "'");
        }
        try {
            if (URI.create(trimmed).getHost() == null) {
                throw new CliException("--url has no host name: '" + given + "'");
            }
        } catch (IllegalArgumentException e) {
            throw new CliException("--url is not a valid URL: '" + given + "'", e);
        }
        return trimmed;
    }

    InventoryClient client() {
        return new InventoryClient(url());
    }
}
