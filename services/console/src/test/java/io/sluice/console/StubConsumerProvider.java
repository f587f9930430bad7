package io.sluice.console;

import io.sluice.core.config.Settings;
import io.sluice.core.service.Flow;
import io.sluice.core.service.RunningService;
import io.sluice.core.service.ServiceContext;
import io.sluice.core.service.SluiceService;
import java.util.Map;
import java.util.Set;

/**
 * A provider the console's tests register, so that the console finds a service with a flow (a topic and a group
 * from {@code services.stub-consumer.*}) as it finds the real ones in {@code up}. It is never started.
 */
public final class StubConsumerProvider implements SluiceService {
    @Override
    public String name() {
        return "stub-consumer";
    }

    @Override
    public String title() {
        return "Stub consumer";
    }

    @Override
    public String description() {
        return "A test's stand-in for a consuming service";
    }

    @Override
    public Set<String> requires() {
        return Set.of();
    }

    @Override
    public int order() {
        return 1;
    }

    @Override
    public Map<String, String> environment() {
        return Map.of();
    }

    @Override
    public Flow flow(Settings s) {
        return Flow.consumer(
                s.required("services.stub-consumer.topic"),
                s.required("services.stub-consumer.group"),
                "postgres:stub_rows");
    }

    @Override
    public RunningService start(ServiceContext context) {
        throw new UnsupportedOperationException("the stub consumer only describes a flow");
    }
}
