package io.sluice.inventory;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * Creates the DynamoDB store's tables when missing (as the seed did: describe, create with on-demand billing, wait
 * until it exists); an existing table is used as it is.
 */
final class DynamoInventoryTables {
    private static final Logger log = LoggerFactory.getLogger(DynamoInventoryTables.class);

    private final DynamoDbClient dynamo;
    private final DynamoInventoryItems tables;

    DynamoInventoryTables(DynamoDbClient dynamo, DynamoInventoryItems tables) {
        this.dynamo = dynamo;
        this.tables = tables;
    }

    void createMissing() {
        create(tables.products(), "product_id", ScalarAttributeType.N, null);
        create(tables.items(), "item_id", ScalarAttributeType.N, null);
        create(tables.ledger(), "product_id", ScalarAttributeType.N, "pos");
        create(tables.pending(), "product_id", ScalarAttributeType.N, "pos");
        create(tables.alerts(), "id", ScalarAttributeType.N, null);
    }

    private void create(String table, String hash, ScalarAttributeType hashType, String range) {
        try {
            dynamo.describeTable(b -> b.tableName(table));
            return;
        } catch (ResourceNotFoundException e) {
            // Create it below.
        }
        List<AttributeDefinition> attributes = range == null
                ? List.of(attribute(hash, hashType))
                : List.of(attribute(hash, hashType), attribute(range, ScalarAttributeType.S));
        List<KeySchemaElement> key = range == null
                ? List.of(key(hash, KeyType.HASH))
                : List.of(key(hash, KeyType.HASH), key(range, KeyType.RANGE));
        try {
            dynamo.createTable(b -> b.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attributes)
                    .keySchema(key));
            log.info("Created DynamoDB table {}", table);
        } catch (ResourceInUseException e) {
            // Another instance is creating it.
        }
        // The SDK's default waiter polls every 20 s; a new table is usually active within a second.
        try (DynamoDbWaiter waiter = DynamoDbWaiter.builder()
                .client(dynamo)
                .overrideConfiguration(o -> o.backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(200)))
                        .waitTimeout(Duration.ofMinutes(5)))
                .build()) {
            waiter.waitUntilTableExists(b -> b.tableName(table));
        }
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder()
                .attributeName(name)
                .attributeType(type)
                .build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
