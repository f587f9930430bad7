package io.sluice.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.Version;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthBuilderTest {

    @Test
    void details_start_with_service_and_version_and_keep_the_order_they_were_added_in() {
        Health h = HealthBuilder.forService("svc")
                .detail("b", 1)
                .database(true)
                .detail("a", null)
                .build();

        assertThat(h.status()).isEqualTo(HealthStatus.UP);
        assertThat(h.details().keySet()).containsExactly("service", "version", "b", "database", "a");
        assertThat(h.details())
                .containsEntry("service", "svc")
                .containsEntry("version", Version.current())
                .containsEntry("database", Map.of("reachable", true))
                .containsKey("a");
        assertThat(h.details().get("a")).isNull();
    }

    @Test
    void the_status_is_the_worst_of_the_parts() {
        assertThat(HealthBuilder.empty().degradedIf(true).build().status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(HealthBuilder.empty().degradedIf(false).build().status()).isEqualTo(HealthStatus.UP);
        assertThat(HealthBuilder.empty()
                        .database(false)
                        .degradedIf(true)
                        .build()
                        .status())
                .isEqualTo(HealthStatus.DOWN);
        assertThat(HealthBuilder.empty()
                        .status(HealthStatus.DEGRADED)
                        .status(HealthStatus.UP)
                        .build()
                        .status())
                .isEqualTo(HealthStatus.DEGRADED);
    }
}
