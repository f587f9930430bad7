package io.sluice.activity.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.service.ServiceRegistry;
import io.sluice.core.service.SluiceService;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IngestionProviderTest {

    @Test
    void the_registry_finds_the_ingestion_service_which_needs_kafka_only() {
        SluiceService service = ServiceRegistry.load().service("activity-ingestion");

        assertThat(service).isInstanceOf(IngestionProvider.class);
        assertThat(service.requires()).isEqualTo(Set.of(SluiceService.KAFKA));
        assertThat(service.environment())
                .containsEntry("KAFKA_BROKERS", "kafka.bootstrap_servers")
                .containsEntry("KAFKA_TOPIC", "services.activity-ingestion.topic")
                .containsEntry("ENVIRONMENT", "services.activity-ingestion.environment")
                .doesNotContainKey("PORT");
        assertThat(service.legacyKey("topic")).isEqualTo("services.activity-ingestion.topic");
    }
}
