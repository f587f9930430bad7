package io.sluice.bench.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * When a fault run injects its faults: each at a random moment between 5% and 90% of the time the records take to
 * stream in ({@code messages / rate}), in order. A fault also waits, past its moment, until the writer has committed
 * something since the previous fault (or has consumed everything), so that each one hits a writer that is working.
 */
final class FaultSchedule {
    enum Fault {
        KILL("SIGKILL the writer"),
        POSTGRES_RESTART("restart PostgreSQL"),
        BROKER_RESTART("restart the Kafka broker");

        final String description;

        Fault(String description) {
            this.description = description;
        }
    }

    /** Inject {@code fault} {@code at} after the run began streaming. */
    record Event(Fault fault, Duration at) {}

    private FaultSchedule() {}

    static List<Event> plan(ChaosPlan plan, Random random) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < plan.kills(); i++) {
            events.add(event(Fault.KILL, plan, random));
        }
        for (int i = 0; i < ChaosPlan.SERVER_RESTARTS; i++) {
            events.add(event(Fault.POSTGRES_RESTART, plan, random));
            events.add(event(Fault.BROKER_RESTART, plan, random));
        }
        events.sort(Comparator.comparing(Event::at));
        return List.copyOf(events);
    }

    private static Event event(Fault fault, ChaosPlan plan, Random random) {
        double streamingSeconds = plan.messages() / plan.rate();
        double at = (0.05 + 0.85 * random.nextDouble()) * streamingSeconds;
        return new Event(fault, Duration.ofMillis(Math.round(at * 1000)));
    }
}
