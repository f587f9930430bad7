package io.sluice.app.infra;

import io.sluice.core.config.Settings;
import io.sluice.core.service.Infrastructure;
import io.sluice.core.service.SluiceService;
import io.sluice.embedded.EmbeddedKafka;
import java.nio.file.Path;
import java.util.Map;

/**
 * Kafka for {@code sluice up}: an {@link EmbeddedKafka} broker unless {@code kafka.bootstrap_servers} names one.
 * Keys: {@code embedded.kafka.port} (default 9092), {@code embedded.kafka.controller_port} (default 9093); data in
 * {@code <data dir>/kafka}.
 */
public final class KafkaInfrastructure implements Infrastructure {

    @Override
    public String name() {
        return SluiceService.KAFKA;
    }

    @Override
    public String title() {
        return "Kafka";
    }

    @Override
    public boolean isExternal(Settings settings) {
        return settings.isSet("kafka.bootstrap_servers");
    }

    @Override
    public String address(Settings settings) {
        return settings.string("kafka.bootstrap_servers", "");
    }

    @Override
    public Running start(Settings settings, Path dataDir) {
        EmbeddedKafka kafka = EmbeddedKafka.builder()
                .dataDirectory(dataDir.resolve("kafka"))
                .brokerPort(settings.integer("embedded.kafka.port", 9092, 0, 65535))
                .controllerPort(settings.integer("embedded.kafka.controller_port", 9093, 0, 65535))
                .build();
        try {
            kafka.start();
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        return new Running() {
            @Override
            public Map<String, String> settings() {
                return Map.of("kafka.bootstrap_servers", kafka.bootstrapServers());
            }

            @Override
            public String address() {
                return kafka.bootstrapServers();
            }

            @Override
            public String description() {
                return "embedded, data in " + kafka.dataDirectory();
            }

            @Override
            public void close() {
                kafka.close();
            }
        };
    }
}
