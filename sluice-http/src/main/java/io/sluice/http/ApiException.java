package io.sluice.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A caller's mistake, rendered as {@code {"error": message, ...fields}} with a 4xx status. Throw it from a handler;
 * {@link HttpServer} renders it and does not log it as a failure.
 */
public class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Map<String, Object> fields;

    public ApiException(int status, String message) {
        this(status, message, Map.of());
    }

    public ApiException(int status, String message, Map<String, Object> fields) {
        super(message);
        this.status = status;
        this.fields = new LinkedHashMap<>(fields);
    }

    /** 400 naming the offending field: {@code {"error": message, "field": field}}. */
    public static ApiException badField(String field, String message) {
        return new ApiException(400, message, Map.of("field", field));
    }

    public int status() {
        return status;
    }

    /** The JSON body: {@code error} first, then the extra fields. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", getMessage());
        body.putAll(fields);
        return body;
    }
}
