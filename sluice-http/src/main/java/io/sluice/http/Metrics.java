package io.sluice.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.core.service.ServiceMain;

/** The Prometheus registry of one service, with JVM and process metrics bound. */
public final class Metrics {
    private Metrics() {}

    public static PrometheusMeterRegistry prometheus() {
        return ServiceMain.prometheus();
    }
}
