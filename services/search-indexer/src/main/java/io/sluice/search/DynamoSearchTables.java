package io.sluice.search;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * Creates the search store's tables when missing, as the seed did (describe; create with on-demand billing; wait until
 * it exists); an existing table is used as it is. The product table is the seed's exactly: hash {@code product_id} N,
 * attribute definitions {@code name_lower} S and {@code price} N, GSIs {@code name-index} (hash {@code name_lower})
 * and {@code price-index} (hash {@code price}), both projecting ALL. The postings table: hash {@code token_prefix} S,
 * range {@code token_product} S.
 */
final class DynamoSearchTables {
    private static final Logger log = LoggerFactory.getLogger(DynamoSearchTables.class);

    private final DynamoDbClient dynamo;
    private final DynamoSearchItems tables;

    DynamoSearchTables(DynamoDbClient dynamo, DynamoSearchItems tables) {
        this.dynamo = dynamo;
        this.tables = tables;
    }

    void createMissing() {
        create(CreateTableRequest.builder()
                .tableName(tables.products())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attribute("product_id", ScalarAttributeType.N),
                        attribute("name_lower", ScalarAttributeType.S),
                        attribute("price", ScalarAttributeType.N))
                .keySchema(key("product_id", KeyType.HASH))
                .globalSecondaryIndexes(index("name-index", "name_lower"), index("price-index", "price"))
                .build());
        create(CreateTableRequest.builder()
                .tableName(tables.tokens())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attribute("token_prefix", ScalarAttributeType.S),
                        attribute("token_product", ScalarAttributeType.S))
                .keySchema(key("token_prefix", KeyType.HASH), key("token_product", KeyType.RANGE))
                .build());
    }

    private void create(CreateTableRequest request) {
        String table = request.tableName();
        try {
            dynamo.describeTable(b -> b.tableName(table));
            return;
        } catch (ResourceNotFoundException e) {
            // Create it below.
        }
        try {
            dynamo.createTable(request);
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

    private static GlobalSecondaryIndex index(String name, String hash) {
        return GlobalSecondaryIndex.builder()
                .indexName(name)
                .keySchema(List.of(key(hash, KeyType.HASH)))
                .projection(p -> p.projectionType(ProjectionType.ALL))
                .build();
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
