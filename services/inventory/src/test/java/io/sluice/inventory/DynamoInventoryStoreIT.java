package io.sluice.inventory;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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

/**
 * The contract against DynamoDB (dynalite), plus what only this store must show: the seed's item layout, replays
 * after a crash between its writes, concurrent consumers on one product, a consumer that lost its partitions writing
 * late, and an outage classified as one.
 */
@ExtendWith(Dynalite.class)
class DynamoInventoryStoreIT extends InventoryStoreContract {
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
    protected InventoryStore createStore(int lowStockThreshold) {
        table = "inventory-" + UUID.randomUUID().toString().substring(0, 8);
        return new DynamoInventoryStore(dynamo, table, lowStockThreshold, Clock.systemUTC());
    }

    @Test
    void the_product_item_has_the_seeds_attributes() {
        apply(product(1, 100, 50), item(10, 1, 3, 200));

        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                        .key(Map.of("product_id", AttributeValue.fromN("1")))
                        .consistentRead(true))
                .item();

        assertThat(item.get("product_id").n()).isEqualTo("1");
        assertThat(item.get("name").s()).isEqualTo("Laptop");
        assertThat(item.get("description").s()).isEqualTo("desc Laptop");
        assertThat(item.get("price").s()).isEqualTo("1299.99");
        assertThat(item.get("stock_quantity").n()).isEqualTo("47");
        assertThat(item.get("cdc_timestamp").n()).isEqualTo("1000");
        assertThat(item.get("last_updated").s()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?");
    }

    @Test
    void a_replay_after_a_crash_between_the_product_write_and_the_item_write_takes_nothing_twice() {
        apply(product(1, 100, 50));
        Decoded<InventoryChange> order = item(10, 1, 3, 200);
        apply(order);
        // The crash: the product write landed, the item's state did not.
        dynamo.deleteItem(b -> b.tableName(table + "-order-items").key(Map.of("item_id", AttributeValue.fromN("10"))));

        Applied replay = store.apply(Batch.of(List.of(order)));

        assertThat(stock(1)).isEqualTo(47);
        assertThat(replay.alerts()).isEmpty();
        assertThat(store.apply(Batch.of(List.of(order))).stale()).isEqualTo(1);
    }

    @Test
    void a_stock_change_that_counted_an_item_before_its_product_write_is_not_undone_by_it() {
        apply(product(1, 100, 50));
        Decoded<InventoryChange> order = item(10, 1, 3, 300);
        apply(order);
        // The item's consumer wrote the ledger and product; a product change recomputes (counting it), then the
        // item record is replayed (its state lost in a crash).
        apply(product(1, 250, 60));
        dynamo.deleteItem(b -> b.tableName(table + "-order-items").key(Map.of("item_id", AttributeValue.fromN("10"))));

        store.apply(Batch.of(List.of(order)));

        assertThat(stock(1)).isEqualTo(57);
    }

    @Test
    void a_replayed_waiting_item_keeps_its_first_sighting() {
        Decoded<InventoryChange> waiting = item(10, 7, 3, 200);
        apply(waiting);
        PendingItem first = store.expiredPending(java.time.Instant.now().plusSeconds(3600), 10)
                .getFirst();
        dynamo.deleteItem(b -> b.tableName(table + "-order-items").key(Map.of("item_id", AttributeValue.fromN("10"))));

        store.apply(Batch.of(List.of(waiting)));

        assertThat(store.expiredPending(java.time.Instant.now().plusSeconds(3600), 10))
                .singleElement()
                .satisfies(p -> assertThat(p.firstSeen()).isEqualTo(first.firstSeen()));
        apply(product(7, 100, 50));
        assertThat(stock(7)).isEqualTo(47);
    }

    @Test
    void a_consumer_that_lost_its_partitions_does_not_write_an_older_item_state_over_a_newer_one() {
        apply(product(1, 100, 50));
        Decoded<InventoryChange> older = item(10, 1, 3, 200);
        Decoded<InventoryChange> newer = item(10, 1, 5, 300);
        // The zombie reads item 10 (not stored yet); then the partition's new owner applies both records, storing
        // the newer state, before the zombie writes.
        InventoryStore zombie = new DynamoInventoryStore(
                afterFirstItemRead(() -> store.apply(Batch.of(List.of(older, newer)))),
                table,
                THRESHOLD,
                Clock.systemUTC());

        Applied late = zombie.apply(Batch.of(List.of(older)));

        assertThat(late.stale()).isEqualTo(1);
        assertThat(late.applied()).isZero();
        assertThat(storedItem(10)).isEqualTo(new ItemState(10, 1, 5, at(300)));
        assertThat(stock(1)).isEqualTo(45);
    }

    /** The shared client, running {@code meanwhile} once just after the first read of the order-item table. */
    private DynamoDbClient afterFirstItemRead(Runnable meanwhile) {
        String items = table + "-order-items";
        AtomicBoolean done = new AtomicBoolean();
        return (DynamoDbClient) Proxy.newProxyInstance(
                DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    if (args != null && args.length == 1 && args[0] instanceof Consumer<?>) {
                        // The builder variants build the request and call the request variant (on this proxy).
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
                            && get.tableName().equals(items)
                            && done.compareAndSet(false, true)) {
                        meanwhile.run();
                    }
                    return result;
                });
    }

    private ItemState storedItem(long itemId) {
        return DynamoInventoryItems.item(dynamo.getItem(b -> b.tableName(table + "-order-items")
                        .key(Map.of("item_id", AttributeValue.fromN(Long.toString(itemId))))
                        .consistentRead(true))
                .item());
    }

    @Test
    void two_consumers_writing_one_product_at_once_lose_no_change() throws Exception {
        apply(product(1, 100, 1000));
        List<Decoded<InventoryChange>> items = new ArrayList<>();
        List<Decoded<InventoryChange>> products = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            items.add(item(100 + i, 1, 1, 200 + i));
            products.add(product(1, 300 + i, 1000, "Laptop v" + i, "1299.99"));
        }
        InventoryStore other = new DynamoInventoryStore(dynamo, table, THRESHOLD, Clock.systemUTC());

        CompletableFuture<Void> orders =
                CompletableFuture.runAsync(() -> items.forEach(d -> store.apply(Batch.of(List.of(d)))));
        CompletableFuture<Void> catalogue =
                CompletableFuture.runAsync(() -> products.forEach(d -> other.apply(Batch.of(List.of(d)))));
        CompletableFuture.allOf(orders, catalogue).get();

        assertThat(stock(1)).isEqualTo(980);
        assertThat(store.find(1).orElseThrow().name()).isEqualTo("Laptop v19");
    }

    @Test
    void a_stopped_server_is_an_outage_and_nothing_is_lost_when_it_is_back(@TempDir Path data) {
        try (DynaliteServer server = DynaliteServer.onDisk(data)) {
            server.start();
            try (DynamoDbClient client = AwsClients.dynamoDb(AwsConfig.from(Settings.of(Dynalite.settings(server))))) {
                InventoryStore own = new DynamoInventoryStore(client, "inventory-outage", THRESHOLD, Clock.systemUTC());
                own.migrate();
                own.apply(Batch.of(List.of(product(1, 100, 50))));
                server.stop();

                Throwable failure = catchThrowable(() -> own.apply(Batch.of(List.of(item(10, 1, 3, 200)))));
                assertThat(AwsFailureClassifier.isOutage(failure)).isTrue();

                server.start();
                own.apply(Batch.of(List.of(item(10, 1, 3, 200))));
                assertThat(own.find(1).orElseThrow().stockQuantity()).isEqualTo(47);
            }
        }
    }
}
