package io.sluice.search;

import io.sluice.aws.AwsConfig;
import io.sluice.core.config.Settings;
import io.sluice.core.service.Flow;
import io.sluice.core.service.RunningService;
import io.sluice.core.service.ServiceContext;
import io.sluice.core.service.SluiceService;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Registers the search indexer ({@code run search-indexer}: port 8080 or {@code PORT}; in {@code up} 8082, or a free
 * port when that is taken). Its keys are {@code services.search-indexer.*} ({@link SearchConfig}).
 */
public final class SearchProvider implements SluiceService {
    static final int UP_HTTP_PORT = 8082;

    @Override
    public String name() {
        return SearchConfig.NAME;
    }

    @Override
    public String title() {
        return "Search indexer";
    }

    @Override
    public String description() {
        return "Debezium products to a product search index (PostgreSQL), ranked search API on 8082";
    }

    @Override
    public Set<String> requires() {
        return Set.of(KAFKA, POSTGRES);
    }

    /** After the CDC source, whose topic it reads, and the inventory. */
    @Override
    public int order() {
        return 18;
    }

    @Override
    public Map<String, String> environment() {
        return SearchConfig.ENV;
    }

    /** The products' CDC topic to the search index. */
    @Override
    public Flow flow(Settings s) {
        Settings own = s.within(SearchConfig.PREFIX);
        String store = own.string("store", "postgres").trim().toLowerCase(Locale.ROOT);
        return Flow.consumer(
                own.string("kafka.topic", SearchConfig.DEFAULT_TOPIC).trim(),
                own.string("kafka.group_id", "search-indexer-group").trim(),
                store.equals("dynamodb")
                        ? "dynamodb:"
                                + own.string("dynamodb.table", "product-search-index")
                                        .trim()
                        : "postgres:search_products");
    }

    @Override
    public RunningService start(ServiceContext context) {
        Settings s = context.settings();
        String portKey = SearchConfig.PREFIX + ".http.port";
        if (context.mode() == ServiceContext.Mode.UP && !s.isSet(portKey)) {
            s = s.withDefaults(
                    Map.of(portKey, context.useFreePort(UP_HTTP_PORT) ? "0" : Integer.toString(UP_HTTP_PORT)));
        } else if (context.mode() == ServiceContext.Mode.RUN) {
            s = SearchConfig.withPort(s, System.getenv());
        }
        SearchConfig config = SearchConfig.from(s);
        SearchService service =
                SearchService.start(config, AwsConfig.forService(s, SearchConfig.PREFIX), context.registry());
        String url = "http://localhost:" + service.httpPort();
        return RunningService.of(
                service.httpPort(),
                List.of(
                        "topic " + config.topic() + ", store "
                                + config.store().name().toLowerCase(Locale.ROOT),
                        "deletions kept as tombstones for " + SearchConfig.text(config.tombstoneRetention()),
                        "dead letters to " + config.topic() + ".dlq"
                                + (config.dlqS3Bucket() == null
                                        ? ""
                                        : " and s3://" + config.dlqS3Bucket() + "/dlq/" + SearchConfig.SERVICE + "/")),
                List.of(
                        "curl '" + url + "/products/search?q=wireless+mouse&max_price=50'",
                        "curl " + url + "/products/1",
                        "./sluice products search \"wireless mouse\" --max-price 50"),
                service::health,
                service);
    }
}
