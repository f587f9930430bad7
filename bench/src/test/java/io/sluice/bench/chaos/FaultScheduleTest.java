package io.sluice.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.bench.chaos.FaultSchedule.Event;
import io.sluice.bench.chaos.FaultSchedule.Fault;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {

    @Test
    void schedules_every_kill_and_one_restart_of_each_server_in_order_while_records_stream_in() {
        ChaosPlan plan = new ChaosPlan(1_000_000, 5, 6, 10_000, 0.01, 1, Duration.ofMinutes(5));

        List<Event> events = FaultSchedule.plan(plan, new Random(1));

        assertThat(events).hasSize(7);
        assertThat(events.stream().filter(e -> e.fault() == Fault.KILL)).hasSize(5);
        assertThat(events.stream().filter(e -> e.fault() == Fault.POSTGRES_RESTART))
                .hasSize(1);
        assertThat(events.stream().filter(e -> e.fault() == Fault.BROKER_RESTART))
                .hasSize(1);
        assertThat(events).isSortedAccordingTo((a, b) -> a.at().compareTo(b.at()));
        // 1,000,000 records at 10,000/s stream in for 100 s: faults between 5 s and 90 s.
        assertThat(events)
                .allMatch(e ->
                        e.at().compareTo(Duration.ofSeconds(5)) >= 0 && e.at().compareTo(Duration.ofSeconds(90)) <= 0);
    }

    @Test
    void the_same_seed_gives_the_same_schedule() {
        ChaosPlan plan = ChaosPlan.shortRun(42);

        assertThat(FaultSchedule.plan(plan, new Random(42))).isEqualTo(FaultSchedule.plan(plan, new Random(42)));
    }
}
