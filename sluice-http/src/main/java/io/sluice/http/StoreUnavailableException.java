package io.sluice.http;

/**
 * A store (a database, an index, a cache) cannot be reached right now: not the caller's fault and not a bug.
 * {@link HttpServer} answers it with 503 {@code {"error": "<Store> unavailable, try again later"}}, so that clients
 * and proxies retry, and logs one warning line (no stack trace: an outage fails every request, and the store's own
 * health tells why). Throw it from a handler, or let {@link StoreOutage#register} translate a store's exceptions.
 */
public class StoreUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String store;

    /**
     * @param store what is unavailable, capitalised, as the client reads it: {@code Database}
     * @param cause the store's failure; its message goes to the log, never to the client
     */
    public StoreUnavailableException(String store, Throwable cause) {
        super(store + " unavailable, try again later", cause);
        this.store = store;
    }

    public String store() {
        return store;
    }
}
