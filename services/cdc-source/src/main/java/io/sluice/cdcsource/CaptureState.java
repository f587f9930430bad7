package io.sluice.cdcsource;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the change capture has done, for {@code /health}: its {@link CaptureStatus}, the events published, the time
 * of the last one, and the last error. Written by the engine's threads, read by HTTP handlers; thread-safe.
 */
final class CaptureState {
    private final Clock clock;
    private final AtomicLong published = new AtomicLong();
    private volatile CaptureStatus status = CaptureStatus.STARTING;
    private volatile Instant lastEventAt;
    private volatile String lastError;
    private volatile Instant lastErrorAt;

    CaptureState(Clock clock) {
        this.clock = clock;
    }

    CaptureStatus status() {
        return status;
    }

    long published() {
        return published.get();
    }

    Instant lastEventAt() {
        return lastEventAt;
    }

    void running() {
        moveTo(CaptureStatus.RUNNING);
    }

    void published(int events) {
        published.addAndGet(events);
        lastEventAt = clock.instant();
        moveTo(CaptureStatus.RUNNING);
    }

    void retrying(String error) {
        recordError(error);
        moveTo(CaptureStatus.RETRYING);
    }

    void restarting(String error) {
        recordError(error);
        moveTo(CaptureStatus.RESTARTING);
    }

    synchronized void failed(String error) {
        recordError(error);
        status = CaptureStatus.FAILED;
    }

    synchronized void stopped() {
        if (status != CaptureStatus.FAILED) {
            status = CaptureStatus.STOPPED;
        }
    }

    /** Never leaves FAILED or STOPPED: those are final. */
    private synchronized void moveTo(CaptureStatus next) {
        if (status != CaptureStatus.FAILED && status != CaptureStatus.STOPPED) {
            status = next;
        }
    }

    private void recordError(String error) {
        lastError = error;
        lastErrorAt = clock.instant();
    }

    /** The engine part of a health report. */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", status.name().toLowerCase(java.util.Locale.ROOT));
        m.put("events_published", published.get());
        m.put("last_event_at", lastEventAt == null ? null : lastEventAt.toString());
        m.put("last_error", lastError);
        m.put("last_error_at", lastErrorAt == null ? null : lastErrorAt.toString());
        return m;
    }
}
