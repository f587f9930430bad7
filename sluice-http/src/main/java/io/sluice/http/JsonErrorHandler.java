package io.sluice.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sluice.core.json.Json;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers — a request Jetty refuses before any route sees it (414 URI too long, 431 headers too
 * large, 400 bad URI or framing, 505 unknown HTTP version, 408) — as JSON {@code {"error": "<reason>"}}, like every
 * other error of the service, instead of Jetty's HTML page. Stateless and thread-safe.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        byte[] body = body(code, message);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** The body of an answer to a request that could not be parsed at all (no request object to answer). */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, reason));
    }

    static byte[] body(int code, String message) {
        String error = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
        try {
            return Json.mapper().writeValueAsBytes(Map.of("error", error));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render an error as JSON", e);
        }
    }
}
