package io.sluice.cdcsource;

import io.sluice.core.config.Settings;
import io.sluice.core.service.Flow;
import io.sluice.core.service.RunningService;
import io.sluice.core.service.ServiceContext;
import io.sluice.core.service.SluiceService;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Registers the CDC source ({@code run cdc-source}, port 8085; in {@code up} a free port when 8085 is taken): Debezium on the shop database, publishing to {@code
 * dbserver1.public.<table>}. Its keys are {@code services.cdc-source.*} ({@link CdcSourceConfig}). In {@code up} it
 * creates the shop's tables; {@code run} points it at an existing database and creates nothing there.
 */
public final class CdcSourceProvider implements SluiceService {

    @Override
    public String name() {
        return CdcSourceConfig.NAME;
    }

    @Override
    public String title() {
        return "CDC source";
    }

    @Override
    public String description() {
        return "Debezium on PostgreSQL `shop` to Kafka dbserver1.public.{products,orders,order_items}, health on 8085";
    }

    @Override
    public Set<String> requires() {
        return Set.of(KAFKA, POSTGRES);
    }

    /** After the text writer; before the services that read its topics. */
    @Override
    public int order() {
        return 15;
    }

    @Override
    public Map<String, String> environment() {
        return CdcSourceConfig.ENV;
    }

    /** PostgreSQL's change log (logical replication) to a topic per table ({@code <topic_prefix>.<table>}). */
    @Override
    public Flow flow(Settings s) {
        Settings own = s.within(CdcSourceConfig.PREFIX);
        String prefix = own.string("topic_prefix", "dbserver1").trim();
        List<String> topics = java.util.Arrays.stream(
                        own.string("tables", "public.products,public.orders,public.order_items")
                                .split(","))
                .map(String::trim)
                .filter(t -> !t.isEmpty())
                .map(t -> prefix + "." + t)
                .toList();
        return new Flow(List.of("postgres:cdc"), List.of(), topics, List.of(), List.of());
    }

    @Override
    public RunningService start(ServiceContext context) {
        Settings s = context.settings();
        if (!s.isSet(CdcSourceConfig.PREFIX + ".http.port") && context.useFreePort(CdcSourceConfig.DEFAULT_HTTP_PORT)) {
            s = s.withDefaults(Map.of(CdcSourceConfig.PREFIX + ".http.port", "0"));
        }
        CdcSourceConfig config = CdcSourceConfig.from(s, context.dataDir(), context.mode() == ServiceContext.Mode.UP);
        CdcSourceService service = CdcSourceService.start(config, context.registry());
        return RunningService.of(
                service.httpPort(),
                List.of(
                        "database " + config.database().name() + " -> " + config.topicPrefix() + ".public.*, "
                                + config.envelope().name().toLowerCase(java.util.Locale.ROOT) + " envelope",
                        "topics " + String.join(", ", config.topics()),
                        "offsets " + config.offsetsFile()),
                List.of(
                        "./sluice demo shop --rate 20 --duration 30s",
                        "./sluice kafka consume --from-beginning "
                                + config.topics().get(0)),
                service::health,
                service);
    }
}
