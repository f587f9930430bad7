package io.sluice.search;

import io.javalin.config.RoutesConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.aws.AwsClients;
import io.sluice.aws.AwsConfig;
import io.sluice.aws.AwsFailureClassifier;
import io.sluice.core.consumer.FailureClassifier;
import io.sluice.core.consumer.FailureKind;
import io.sluice.db.Database;
import io.sluice.db.DatabaseException;
import io.sluice.db.SqlFailureClassifier;
import io.sluice.http.StoreOutage;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Opens the store {@code services.search-indexer.store} names, with what the service needs around it: the failure
 * classifier for the consumer loop (outage or bad data), a reachability probe for {@code /health}, and the mapping of
 * its outage exceptions to 503. The one place that knows each store; a new store is a new case here.
 */
final class SearchStores {

    /**
     * An open store.
     *
     * @param resources what to close after the store (the connection pool)
     */
    record Opened(
            SearchStore store,
            FailureClassifier classifier,
            BooleanSupplier reachable,
            Consumer<RoutesConfig> outages,
            AutoCloseable resources) {}

    private SearchStores() {}

    static Opened open(SearchConfig config, AwsConfig aws, MeterRegistry registry) {
        return switch (config.store()) {
            case POSTGRES -> postgres(config, registry);
            case DYNAMODB -> dynamoDb(config, aws);
        };
    }

    private static Opened dynamoDb(SearchConfig config, AwsConfig aws) {
        DynamoDbClient client = AwsClients.dynamoDb(aws);
        DynamoSearchStore store = new DynamoSearchStore(client, config.dynamoDbTable(), Clock.systemUTC());
        return new Opened(
                store,
                AwsFailureClassifier.INSTANCE,
                () -> {
                    try {
                        client.describeTable(b -> b.tableName(config.dynamoDbTable()));
                        return true;
                    } catch (SdkException e) {
                        return false;
                    }
                },
                routes -> StoreOutage.register(routes, SdkException.class, AwsFailureClassifier::isOutage, "DynamoDB"),
                client);
    }

    private static Opened postgres(SearchConfig config, MeterRegistry registry) {
        Database db = Database.connect(config.database(), "search", registry, Duration.ofSeconds(60));
        PostgresSearchStore store =
                new PostgresSearchStore(db, config.consumer().groupId());
        return new Opened(
                store,
                SqlFailureClassifier.INSTANCE,
                db::isReachable,
                routes -> StoreOutage.register(
                        routes,
                        DatabaseException.class,
                        e -> SqlFailureClassifier.INSTANCE.classify(e) == FailureKind.TRANSIENT,
                        "Database"),
                db);
    }
}
