package io.sluice.cli;

import java.net.URI;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The one rule for the {@code --url} mixins of the client commands ({@link ServiceOptions}, {@link EmbeddingsOptions},
 * {@link InventoryOptions}): the URL given on this command, else on the nearest parent command carrying the same
 * mixin, else the service's default; it must start with {@code http://} or {@code https://} and name a host;
 * trailing slashes are stripped.
 */
final class ServiceUrl {
    private ServiceUrl() {}

    static <T> String resolve(
            CommandSpec mixee, String own, Class<T> mixin, Function<T, String> urlOf, String defaultUrl) {
        String given = own;
        for (CommandSpec parent = mixee == null ? null : mixee.parent();
                given == null && parent != null;
                parent = parent.parent()) {
            for (CommandSpec spec : parent.mixins().values()) {
                if (mixin.isInstance(spec.userObject())) {
                    String url = urlOf.apply(mixin.cast(spec.userObject()));
                    if (url != null) {
                        given = url;
                    }
                }
            }
        }
        return normalize(given == null ? defaultUrl : given);
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
