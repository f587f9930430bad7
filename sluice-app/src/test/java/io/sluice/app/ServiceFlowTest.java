package io.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.config.Settings;
import io.sluice.core.service.Flow;
import io.sluice.core.service.ServiceRegistry;
import io.sluice.core.service.SluiceService;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What each registered service says it reads and writes ({@link SluiceService#flow}), with the default
 * configuration: the console draws the pipeline from it, so one service's outputs must be the next one's inputs.
 */
class ServiceFlowTest {
    private static Flow flow(String name, Map<String, String> settings) {
        SluiceService s = ServiceRegistry.load().service(name);
        return s.flow(ServiceRegistry.settingsFor(s, Settings.of(settings)));
    }

    private static Flow flow(String name) {
        return flow(name, Map.of());
    }

    @Test
    void every_service_describes_its_flow_from_the_defaults() {
        for (SluiceService s : ServiceRegistry.load().services()) {
            assertThat(s.flow(ServiceRegistry.settingsFor(s, Settings.of(Map.of()))))
                    .as(s.name())
                    .isNotNull();
        }
    }

    @Test
    void the_cdc_topics_feed_inventory_search_and_analytics() {
        Flow cdc = flow("cdc-source");

        assertThat(cdc.outputs())
                .containsExactly(
                        "dbserver1.public.products", "dbserver1.public.orders", "dbserver1.public.order_items");
        assertThat(cdc.outputs()).containsAll(flow("inventory").inputs());
        assertThat(cdc.outputs()).containsAll(flow("search-indexer").inputs());
        assertThat(cdc.outputs()).containsAll(flow("analytics").inputs());
        assertThat(flow("analytics").groups()).containsExactly("analytics-service-group");
    }

    @Test
    void the_text_writers_table_is_what_the_embeddings_read() {
        Flow writer = flow("text-writer");

        assertThat(writer.inputs()).containsExactly("text-messages");
        assertThat(writer.outputs()).containsExactly("text-messages.dlq");
        assertThat(writer.groups()).containsExactly("text-writer-service");
        assertThat(flow("embeddings").sources()).containsExactly(writer.stores().getFirst());
    }

    @Test
    void activity_ingestion_feeds_the_processor() {
        assertThat(flow("activity-ingestion").outputs())
                .isEqualTo(flow("activity-processor").inputs());
        assertThat(flow("activity-processor").groups()).containsExactly("processing-service-group");
    }

    @Test
    void flows_follow_the_configuration_namespaced_or_legacy() {
        assertThat(flow("text-writer", Map.of("services.text-writer.kafka.input_topic", "mine"))
                        .inputs())
                .containsExactly("mine");
        assertThat(flow("text-writer", Map.of("kafka.input_topic", "legacy")).inputs())
                .containsExactly("legacy");
        assertThat(flow("search-indexer", Map.of("services.search-indexer.store", "dynamodb"))
                        .stores())
                .containsExactly("dynamodb:product-search-index");
        assertThat(flow("request-events", Map.of("services.request-events.topic", "ev"))
                        .inputs())
                .containsExactly("ev");
    }

    @Test
    void the_console_draws_nothing_of_its_own() {
        assertThat(flow("console")).isEqualTo(Flow.NONE);
    }
}
