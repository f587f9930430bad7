package io.sluice.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sluice.aws.AwsClients;
import io.sluice.aws.AwsConfig;
import io.sluice.aws.AwsFailureClassifier;
import io.sluice.core.config.Settings;
import io.sluice.core.consumer.Batch;
import io.sluice.core.consumer.Decoded;
import io.sluice.testkit.Dynalite;
import io.sluice.testkit.DynaliteServer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The contract against DynamoDB (dynalite), plus what only this store must show: the seed's table, GSIs and item; a
 * tombstone in no GSI; a crash between the postings and the item, replayed; postings the item does not have; the
 * purge's markers; an outage.
 */
@ExtendWith(Dynalite.class)
class DynamoSearchStoreIT extends SearchStoreContract {
    private static DynamoDbClient dynamo;
    private String table;

    @BeforeAll
    static void connect() {
        dynamo = AwsClients.dynamoDb(AwsConfig.from(Settings.of(Dynalite.settings())));
    }

    @AfterAll
    static void disconnect() {
        dynamo.close();
    }

    @Override
    protected SearchStore createStore() {
        table = "search-" + UUID.randomUUID().toString().substring(0, 8);
        return new DynamoSearchStore(dynamo, table, Clock.systemUTC());
    }

    @Test
    void the_table_has_the_seeds_key_and_indexes_and_the_item_the_seeds_attributes() {
        apply(product(1, 100, "High-Performance Wireless Mouse", "Ergonomic, 2.4 GHz", "19.99", 5));

        TableDescription t = dynamo.describeTable(b -> b.tableName(table)).table();
        assertThat(t.keySchema()).singleElement().satisfies(k -> assertThat(k.attributeName())
                .isEqualTo("product_id"));
        assertThat(t.globalSecondaryIndexes())
                .extracting(GlobalSecondaryIndexDescription::indexName)
                .containsExactlyInAnyOrder("name-index", "price-index");
        Map<String, AttributeValue> item = rawItem(1);
        assertThat(item.get("product_id").n()).isEqualTo("1");
        assertThat(item.get("name").s()).isEqualTo("High-Performance Wireless Mouse");
        assertThat(item.get("name_lower").s()).isEqualTo("high-performance wireless mouse");
        assertThat(item.get("description").s()).isEqualTo("Ergonomic, 2.4 GHz");
        assertThat(item.get("price").n()).isEqualTo("1999");
        assertThat(item.get("price_display").s()).isEqualTo("$19.99");
        assertThat(item.get("stock_quantity").n()).isEqualTo("5");
        assertThat(item.get("search_tokens").l())
                .extracting(AttributeValue::s)
                .containsExactly("high", "performance", "wireless", "mouse", "ergonomic", "2", "4", "ghz");
        assertThat(item.get("indexed_at").s()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}");
        assertThat(item.get("cdc_timestamp").n()).isEqualTo("1000");
        // The seed's access patterns: exact lower-cased name, exact price in cents.
        assertThat(dynamo.query(b -> b.tableName(table)
                                .indexName("name-index")
                                .keyConditionExpression("name_lower = :n")
                                .expressionAttributeValues(
                                        Map.of(":n", AttributeValue.fromS("high-performance wireless mouse"))))
                        .count())
                .isEqualTo(1);
        assertThat(dynamo.query(b -> b.tableName(table)
                                .indexName("price-index")
                                .keyConditionExpression("price = :p")
                                .expressionAttributeValues(Map.of(":p", AttributeValue.fromN("1999"))))
                        .count())
                .isEqualTo(1);
    }

    @Test
    void an_empty_name_and_no_description_leave_out_name_lower_and_store_null() {
        apply(product(2, 100, "", null, "0.29", 0));

        Map<String, AttributeValue> item = rawItem(2);
        assertThat(item).doesNotContainKey("name_lower");
        assertThat(item.get("name").s()).isEmpty();
        assertThat(item.get("description").nul()).isTrue();
        assertThat(item.get("price").n()).isEqualTo("29");
        assertThat(store.find(2).orElseThrow().description()).isNull();
    }

    @Test
    void an_item_the_seeds_indexer_wrote_is_read_and_replaced_by_any_change() {
        // The seed's item: truncated cents, naive ISO time without fraction, cdc_timestamp "", no version, no postings.
        dynamo.putItem(b -> b.tableName(table)
                .item(Map.of(
                        "product_id", AttributeValue.fromN("9"),
                        "name", AttributeValue.fromS("Wireless Mouse"),
                        "name_lower", AttributeValue.fromS("wireless mouse"),
                        "description", AttributeValue.fromNul(true),
                        "price", AttributeValue.fromN("1998"),
                        "price_display", AttributeValue.fromS("$19.99"),
                        "stock_quantity", AttributeValue.fromN("3"),
                        "search_tokens",
                                AttributeValue.fromL(
                                        List.of(AttributeValue.fromS("wireless"), AttributeValue.fromS("mouse"))),
                        "indexed_at", AttributeValue.fromS("2025-10-08T14:12:38"),
                        "cdc_timestamp", AttributeValue.fromS(""))));

        ProductDocument seed = store.find(9).orElseThrow();
        assertThat(seed.priceCents()).isEqualTo(1998);
        assertThat(seed.cdcTimestamp()).isNull();
        assertThat(seed.indexedAt()).isEqualTo(Instant.parse("2025-10-08T14:12:38Z"));

        assertThat(apply(product(9, 5, "Wireless Mouse", null, "19.99", 3))).isEqualTo(new Indexed(1, 0, 0));
        assertThat(store.find(9).orElseThrow().priceCents()).isEqualTo(1999);
        assertThat(ids(search(query("mouse").min(1999L)))).containsExactly(9L);
    }

    @Test
    void a_tombstone_holds_only_its_key_version_and_deletion_and_is_in_no_index() {
        apply(product(1, 100, "Wireless Mouse", null, "19.99", 5));
        apply(deleted(1, 200));

        assertThat(rawItem(1)).containsOnlyKeys("product_id", "commit_lsn", "change_lsn", "deleted", "deleted_at");
        assertThat(dynamo.query(b -> b.tableName(table)
                                .indexName("price-index")
                                .keyConditionExpression("price = :p")
                                .expressionAttributeValues(Map.of(":p", AttributeValue.fromN("1999"))))
                        .count())
                .isZero();
        assertThat(search(query("wireless")).hits()).isEmpty();
        assertThat(postings())
                .as("no posting")
                .allMatch(p -> p.get("token_prefix").s().startsWith("#"));
        assertThat(postings())
                .as("the tombstone's marker")
                .filteredOn(p -> p.get("token_prefix").s().equals("#tombstones"))
                .hasSize(1);
    }

    @Test
    void a_one_character_prefix_reads_every_partition_of_the_tokens_it_starts() {
        apply(
                product(1, 100, "Wireless Mouse", null, "19.99", 5),
                product(2, 101, "Monitor", null, "199.99", 5),
                product(3, 102, "M", null, "1.00", 5),
                product(4, 103, "Keyboard", "matte", "29.99", 0));

        assertThat(ids(search(query("m")))).containsExactly(1L, 2L, 3L, 4L);
        assertThat(ids(search(query("m").inStock().max(10000L)))).containsExactly(1L, 3L);
        assertThat(ids(search(query("wireless m")))).containsExactly(1L, 2L, 3L, 4L);
        assertThat(search(query("wireless m")).hits())
                .extracting(SearchHit::matched)
                .containsExactly(2, 1, 1, 1);
        assertThat(ids(search(query("m keyboard")))).as("m exact when not last").containsExactly(3L, 4L);
    }

    @Test
    void a_crash_between_the_postings_and_the_item_is_skipped_by_search_and_repaired_by_the_replay() {
        apply(product(1, 100, "Wireless Mouse", null, "19.99", 5));
        Decoded<ProductVersion> rename = product(1, 200, "Wireless Keyboard", null, "29.99", 5);
        SearchStore crashing = new DynamoSearchStore(failingItemPuts(), table, Clock.systemUTC());

        assertThat(catchThrowable(() -> crashing.apply(Batch.of(List.of(rename)))))
                .hasMessageContaining("crash");

        assertThat(search(query("keyboard")).hits())
                .as("a posting the item does not have")
                .isEmpty();
        assertThat(search(query("wireless")).hits())
                .singleElement()
                .satisfies(h -> assertThat(h.product().name()).isEqualTo("Wireless Mouse"));
        assertThat(store.apply(Batch.of(List.of(rename)))).isEqualTo(new Indexed(1, 0, 0));
        assertThat(search(query("keyboard")).hits())
                .singleElement()
                .satisfies(h -> assertThat(h.product().priceCents()).isEqualTo(2999));
        assertThat(search(query("mouse")).hits()).isEmpty();
        assertThat(search(query("wireless").min(2000L)).hits()).hasSize(1);
        assertThat(store.apply(Batch.of(List.of(rename)))).isEqualTo(new Indexed(0, 0, 1));
    }

    @Test
    void a_product_with_a_posting_it_no_longer_has_ranks_by_what_its_item_matches() {
        apply(
                product(1, 100, "Wireless Mouse", null, "19.99", 5),
                product(2, 101, "Wireless Keyboard", null, "29.99", 5),
                product(3, 102, "Mouse Pad", null, "9.99", 5));
        // A posting left by a consumer that lost its partitions: product 1 under "keyboard".
        dynamo.putItem(b -> b.tableName(table + "-tokens")
                .item(Map.of(
                        "token_prefix", AttributeValue.fromS("ke"),
                        "token_product", AttributeValue.fromS(DynamoSearchItems.range("keyboard", 1)),
                        "product_id", AttributeValue.fromN("1"),
                        "price", AttributeValue.fromN("1999"),
                        "stock_quantity", AttributeValue.fromN("5"),
                        "commit_lsn", AttributeValue.fromN("50"),
                        "change_lsn", AttributeValue.fromN("50"))));

        SearchPage page = search(query("wireless keyboard"));

        assertThat(page.hits())
                .extracting(h -> h.product().productId(), SearchHit::matched)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2L, 2), org.assertj.core.groups.Tuple.tuple(1L, 1));
    }

    @Test
    void a_consumer_that_lost_its_partitions_cannot_undo_a_newer_versions_postings_or_item() {
        apply(product(1, 100, "Wireless Mouse", null, "19.99", 5));
        // The zombie reads product 1 at 100; then the partition's new owner applies 300, before the zombie writes 200.
        SearchStore zombie = new DynamoSearchStore(
                afterFirstItemRead(() -> apply(product(1, 300, "Wireless Keyboard", null, "29.99", 5))),
                table,
                Clock.systemUTC());

        Indexed late = zombie.apply(Batch.of(List.of(product(1, 200, "Mouse Pad", null, "9.99", 5))));

        assertThat(late).isEqualTo(new Indexed(0, 0, 1));
        assertThat(store.find(1).orElseThrow().name()).isEqualTo("Wireless Keyboard");
        assertThat(ids(search(query("wireless"))))
                .as("its delete of a newer posting was refused")
                .containsExactly(1L);
        assertThat(ids(search(query("keyboard").min(2999L))))
                .as("the newer price stays")
                .containsExactly(1L);
        assertThat(ids(search(query("pad"))))
                .as("its posting is garbage, skipped")
                .isEmpty();
        assertThat(ids(search(query("mouse")))).isEmpty();
    }

    /** The shared client, running {@code meanwhile} once just after the first read of the product table. */
    private DynamoDbClient afterFirstItemRead(Runnable meanwhile) {
        AtomicBoolean done = new AtomicBoolean();
        return (DynamoDbClient) Proxy.newProxyInstance(
                DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    if (args != null && args.length == 1 && args[0] instanceof Consumer<?>) {
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    Object result;
                    try {
                        result = method.invoke(dynamo, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (args != null
                            && args.length == 1
                            && args[0] instanceof GetItemRequest get
                            && get.tableName().equals(table)
                            && done.compareAndSet(false, true)) {
                        meanwhile.run();
                    }
                    return result;
                });
    }

    @Test
    void tombstones_older_than_the_retention_are_purged_and_a_reinserted_product_stays() {
        apply(
                product(1, 100, "Wireless Mouse", null, "19.99", 5),
                product(2, 101, "Wireless Keyboard", null, "29.99", 5));
        apply(deleted(1, 200), deleted(2, 201));
        apply(product(2, 300, "Wireless Keyboard", null, "24.99", 5));

        assertThat(store.purgeTombstones(Instant.now().minusSeconds(3600)))
                .as("none before the cut")
                .isZero();
        assertThat(store.purgeTombstones(Instant.now().plusSeconds(3600))).isEqualTo(1);

        assertThat(dynamo.getItem(b -> b.tableName(table).key(Map.of("product_id", AttributeValue.fromN("1"))))
                        .hasItem())
                .isFalse();
        assertThat(store.find(2)).isPresent();
        assertThat(postings())
                .as("no marker left")
                .noneMatch(p -> p.get("token_prefix").s().equals("#tombstones"));
        assertThat(store.purgeTombstones(Instant.now().plusSeconds(3600))).isZero();
    }

    @Test
    void a_stopped_server_is_an_outage_and_nothing_is_lost_when_it_is_back(@TempDir Path data) {
        try (DynaliteServer server = DynaliteServer.onDisk(data)) {
            server.start();
            try (DynamoDbClient client = AwsClients.dynamoDb(AwsConfig.from(Settings.of(Dynalite.settings(server))))) {
                SearchStore own = new DynamoSearchStore(client, "search-outage", Clock.systemUTC());
                own.migrate();
                own.apply(Batch.of(List.of(product(1, 100, "Wireless Mouse", null, "19.99", 5))));
                server.stop();

                Throwable failure = catchThrowable(
                        () -> own.apply(Batch.of(List.of(product(2, 200, "Wireless Keyboard", null, "29.99", 5)))));
                assertThat(AwsFailureClassifier.isOutage(failure)).isTrue();
                assertThat(AwsFailureClassifier.isOutage(catchThrowable(
                                () -> own.search(query("wireless").build()))))
                        .isTrue();

                server.start();
                own.apply(Batch.of(List.of(product(2, 200, "Wireless Keyboard", null, "29.99", 5))));
                assertThat(own.search(query("wireless").build()).hits()).hasSize(2);
            }
        }
    }

    private Map<String, AttributeValue> rawItem(long id) {
        return dynamo.getItem(b -> b.tableName(table)
                        .key(Map.of("product_id", AttributeValue.fromN(Long.toString(id))))
                        .consistentRead(true))
                .item();
    }

    private List<Map<String, AttributeValue>> postings() {
        return dynamo.scan(b -> b.tableName(table + "-tokens").consistentRead(true))
                .items();
    }

    /** The shared client, failing every put to the product table (after the postings were written). */
    private DynamoDbClient failingItemPuts() {
        return (DynamoDbClient) Proxy.newProxyInstance(
                DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    if (args != null && args.length == 1 && args[0] instanceof Consumer<?>) {
                        // The builder variants build the request and call the request variant (on this proxy).
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    if (args != null
                            && args.length == 1
                            && args[0] instanceof PutItemRequest put
                            && put.tableName().equals(table)) {
                        throw new IllegalStateException("crash before the item put");
                    }
                    try {
                        return method.invoke(dynamo, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
