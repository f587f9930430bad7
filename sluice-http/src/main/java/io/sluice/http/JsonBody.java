package io.sluice.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.sluice.core.json.Json;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one way a route reads a JSON request body, so every service answers bad bodies alike (errors are
 * {@link ApiException}s, rendered by {@link HttpServer} as {@code {"error": ..., ...}}):
 *
 * <ul>
 *   <li><b>Media type.</b> A request that carries a body must say {@code Content-Type: application/json}, in any
 *       case, with any parameters ({@code charset=utf-8}; JSON is UTF-8 by RFC 8259, and Jackson also detects
 *       UTF-16/32); nothing else, not {@code application/<anything>+json} either: one rule on every route. Else 415
 *       {@code {"error": "Content-Type must be application/json", "content_type": "<given, or empty>"}}, a missing
 *       Content-Type included. A request without a body ({@code Content-Length: 0}, or neither a length nor
 *       {@code Transfer-Encoding}) is not checked: it reads as no body, and the route decides whether that is an
 *       error (most) or the defaults ({@code POST /reindex}).
 *   <li><b>Size.</b> Over {@link #maxBytes()}: 413 {@code {"error": "Request body is larger than N bytes",
 *       "max_bytes": N}}, decided on the Content-Length when there is one, else on the bytes read (a chunked
 *       body); the server drains what is left of a refused body before answering, so the client reads the 413
 *       rather than a reset.
 *   <li><b>Syntax.</b> Strict: one JSON value and nothing after it but whitespace ({@code {"a":1} {"b":2}} or
 *       {@code {"a":1} x} is malformed). 400 {@code {"error": "Malformed JSON: <parser message>"}}; a body that is not an object when
 *       one is wanted: 400 {@code {"error": "Request body must be a JSON object"}}.
 *   <li><b>Unicode.</b> A string or a name holding a lone surrogate ({@code "\ud800"} escaped, or the same code
 *       point as raw CESU-8 bytes, which the parser lets through) cannot be stored as UTF-8 (PostgreSQL would get
 *       {@code ?}, so a retry would conflict with itself): 400 {@code {"error": "<field> must not contain a lone
 *       surrogate (invalid Unicode)", "field": "<field>"}}, the field a path such as {@code data.tags[2]}.
 *   <li><b>NUL.</b> A string or a name holding U+0000 (PostgreSQL text cannot store it, and C-based tools cut the
 *       string there): 400 {@code {"error": "<field> must not contain NUL characters", "field": "<field>"}}.
 *   <li><b>Fields.</b> {@link #requiredText}, {@link #optionalText}, {@link #optionalObject}: 400
 *       {@code {"error": "...", "field": "<name>"}} for a missing field or a wrong type.
 * </ul>
 *
 * Immutable and thread-safe.
 */
public final class JsonBody {
    public static final String UNSUPPORTED_MEDIA_TYPE = "Content-Type must be application/json";
    public static final String NOT_AN_OBJECT = "Request body must be a JSON object";
    public static final String MALFORMED = "Malformed JSON: ";
    private static final String INVALID_UTF8 = "Invalid UTF-8";
    private static final ObjectReader STRICT =
            Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final long maxBytes;

    /** @param maxBytes the largest body accepted, usually {@link HttpServerConfig#maxRequestBytes()} */
    public JsonBody(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /**
     * Checks the media type and the size, then parses.
     *
     * @return the body's JSON value; {@link MissingNode} when the request has no body or only whitespace
     * @throws ApiException 415, 413 or 400 as described on the class
     */
    public JsonNode read(Context ctx) {
        boolean hasBody = hasBody(ctx);
        String type = ctx.contentType();
        if (hasBody && !isJson(type)) {
            throw new ApiException(415, UNSUPPORTED_MEDIA_TYPE, Map.of("content_type", type == null ? "" : type));
        }
        if (!hasBody) {
            return MissingNode.getInstance();
        }
        if (ctx.contentLength() > maxBytes) {
            throw tooLarge(maxBytes);
        }
        byte[] raw;
        try {
            raw = ctx.bodyAsBytes();
        } catch (HttpResponseException e) { // over the server's own limit (http.max_request_bytes)
            if (e.getStatus() == 413) {
                throw tooLarge(maxBytes);
            }
            throw e;
        }
        if (raw.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        if (raw.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = STRICT.readTree(raw);
            if (node == null) {
                return MissingNode.getInstance();
            }
            requireValidUnicode(node, "");
            return node;
        } catch (JsonProcessingException e) {
            String field = e.getOriginalMessage().startsWith(INVALID_UTF8) ? fieldBeingRead(e) : "";
            if (!field.isEmpty()) {
                throw ApiException.badField(field, field + " must be valid UTF-8 (" + e.getOriginalMessage() + ")");
            }
            throw new ApiException(400, MALFORMED + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiException(400, MALFORMED + e.getMessage());
        }
    }

    /**
     * {@link #read}, and the body must be an object.
     *
     * @return the object, or empty when the request has no body (the route names what is required)
     * @throws ApiException 400 {@value #NOT_AN_OBJECT} for any other JSON value ({@code null}, an array, ...)
     */
    public Optional<ObjectNode> readObject(Context ctx) {
        JsonNode node = read(ctx);
        if (node.isMissingNode()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw new ApiException(400, NOT_AN_OBJECT);
        }
        return Optional.of((ObjectNode) node);
    }

    /** Whether a Content-Type is JSON: {@code application/json}, in any case, with any parameters. */
    public static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        return contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT).equals("application/json");
    }

    /**
     * A string field that must be there and not be blank.
     *
     * @param required the error when it is missing, null or blank ({@code Message content required})
     * @throws ApiException 400 {@code required}, or {@code "<field> must be a string"}, naming the field
     */
    public static String requiredText(ObjectNode body, String field, String required) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw ApiException.badField(field, required);
        }
        if (!node.isTextual()) {
            throw ApiException.badField(field, field + " must be a string");
        }
        if (node.textValue().isBlank()) {
            throw ApiException.badField(field, required);
        }
        return node.textValue();
    }

    /** {@link #requiredText(ObjectNode, String, String)} with the error {@code "<field> is required"}. */
    public static String requiredText(ObjectNode body, String field) {
        return requiredText(body, field, field + " is required");
    }

    /**
     * A string field that may be missing or null, but not blank or of another type.
     *
     * @throws ApiException 400 {@code "<field> must be a non-empty string"}, naming the field
     */
    public static Optional<String> optionalText(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual() || node.textValue().isBlank()) {
            throw ApiException.badField(field, field + " must be a non-empty string");
        }
        return Optional.of(node.textValue());
    }

    /**
     * An object field that may be missing or null.
     *
     * @throws ApiException 400 {@code "<field> must be a JSON object"}, naming the field
     */
    public static Optional<ObjectNode> optionalObject(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw ApiException.badField(field, field + " must be a JSON object");
        }
        return Optional.of((ObjectNode) node);
    }

    /**
     * Refuses any field but {@code allowed}, for bodies where a misspelt field would silently change what happens
     * ({@code {"reembd": true}}).
     *
     * @return {@code body}
     * @throws ApiException 400 {@code "Unknown field <name>; allowed: <a>, <b>"}, naming the first unknown field
     */
    public static ObjectNode requireOnly(ObjectNode body, String... allowed) {
        List<String> known = List.of(allowed);
        for (String name : (Iterable<String>) body::fieldNames) {
            if (!known.contains(name)) {
                throw ApiException.badField(name, "Unknown field " + name + "; allowed: " + String.join(", ", known));
            }
        }
        return body;
    }

    /** 413 {@code {"error": "Request body is larger than N bytes", "max_bytes": N}}. */
    public static ApiException tooLarge(long maxBytes) {
        return new ApiException(
                413, "Request body is larger than " + maxBytes + " bytes", Map.of("max_bytes", maxBytes));
    }

    /** Refuses a lone surrogate or a NUL anywhere in the tree; {@code path} names the node for the error. */
    private static void requireValidUnicode(JsonNode node, String path) {
        if (node.isTextual()) {
            if (hasLoneSurrogate(node.textValue())) {
                throw loneSurrogate(path);
            }
            if (node.textValue().indexOf('\0') >= 0) {
                throw nul(path);
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (hasLoneSurrogate(field.getKey())) {
                    throw loneSurrogate(path.isEmpty() ? "(field name)" : path + ".(field name)");
                }
                if (field.getKey().indexOf('\0') >= 0) {
                    throw nul(path.isEmpty() ? "(field name)" : path + ".(field name)");
                }
                requireValidUnicode(field.getValue(), child);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                requireValidUnicode(node.get(i), path + "[" + i + "]");
            }
        }
    }

    /** The path of the value the parser was reading when it failed, e.g. {@code data.tags[2]}; empty if unknown. */
    private static String fieldBeingRead(JsonProcessingException e) {
        if (!(e.getProcessor() instanceof JsonParser parser)) {
            return "";
        }
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c = parser.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                path.insert(0, "." + c.getCurrentName());
            } else if (c.inArray()) {
                path.insert(0, "[" + c.getCurrentIndex() + "]");
            }
        }
        return path.isEmpty() ? "" : path.charAt(0) == '.' ? path.substring(1) : path.toString();
    }

    private static ApiException nul(String path) {
        if (path.isEmpty()) {
            return new ApiException(400, "Request body must not contain NUL characters");
        }
        return ApiException.badField(path, path + " must not contain NUL characters");
    }

    private static ApiException loneSurrogate(String path) {
        if (path.isEmpty()) {
            return new ApiException(400, "Request body must not contain a lone surrogate (invalid Unicode)");
        }
        return ApiException.badField(path, path + " must not contain a lone surrogate (invalid Unicode)");
    }

    /** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
    static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** HTTP/1.1: a request has a body when it says how long it is (more than 0) or that it is chunked. */
    private static boolean hasBody(Context ctx) {
        long length = ctx.contentLength();
        return length > 0 || (length < 0 && ctx.header("Transfer-Encoding") != null);
    }
}
