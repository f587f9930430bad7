package io.sluice.activity.ingest;

import java.time.Instant;

/**
 * What one HTTP request contributes to each of its events.
 *
 * @param requestId {@code request_id}: one per request, shared by a batch's events
 * @param receivedAt when the request arrived: {@code processing_info.received_at}, the server's {@code timestamp}
 *     when the client sends none, and the reference of the clock-skew correction
 * @param userAgent the {@code User-Agent} header, or null
 * @param acceptLanguage the {@code Accept-Language} header, or null
 * @param sentAt the batch's {@code sent_at} (the client's send time), or null; an event's own {@code sent_at} wins
 */
record RequestInfo(String requestId, Instant receivedAt, String userAgent, String acceptLanguage, Instant sentAt) {}
