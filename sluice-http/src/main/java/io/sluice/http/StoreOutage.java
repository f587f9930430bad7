package io.sluice.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps a store's exceptions to HTTP answers in one place: an outage (as the store's failure classifier says) is 503
 * {@code {"error": "<Store> unavailable, try again later"}} with one warning line; anything else of that type is a
 * bug, 500 {@code {"error": "Internal server error"}} logged once with its stack trace.
 *
 * <pre>{@code
 * StoreOutage.register(routes, DatabaseException.class,
 *         e -> SqlFailureClassifier.INSTANCE.classify(e) == FailureKind.TRANSIENT, "Database");
 * }</pre>
 */
public final class StoreOutage {
    private static final Logger log = LoggerFactory.getLogger(StoreOutage.class);

    private StoreOutage() {}

    /**
     * Registers the mapping for {@code type} (and its subclasses) on the routes.
     *
     * @param isOutage whether an exception means the store is unreachable (transient), not a bug or bad data
     * @param store what is unavailable, capitalised: {@code Database}
     */
    public static <E extends Exception> void register(
            RoutesConfig routes, Class<E> type, Predicate<? super E> isOutage, String store) {
        routes.exception(type, (e, ctx) -> {
            if (isOutage.test(e)) {
                render(ctx, new StoreUnavailableException(store, e));
            } else {
                HttpServer.renderInternalError(ctx, e);
            }
        });
    }

    /** 503 with the JSON error, and one warning line naming the request and the store's failure. */
    static void render(Context ctx, StoreUnavailableException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        log.warn(
                "{} {}: {} unavailable: {}", ctx.method(), ctx.path(), e.store().toLowerCase(), cause.getMessage());
        ctx.status(503).json(Map.of("error", e.getMessage()));
    }
}
