package io.sluice.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.config.Settings;
import io.sluice.testkit.Dynalite;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/** The SDK's DynamoDB client, built by {@link AwsClients}, against dynalite: what the DynamoDB stores rely on. */
@ExtendWith(Dynalite.class)
class DynamoDbClientIT {
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void connect() {
        dynamo = AwsClients.dynamoDb(AwsConfig.from(Settings.of(Dynalite.settings())));
    }

    @AfterAll
    static void close() {
        dynamo.close();
    }

    @Test
    void a_conditional_update_applies_once_then_is_refused() {
        String table = freshTable("stock", false);
        dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", n(7), "stock", n(10), "applied", m(Map.of()))));

        UpdateItemResponse first = decrement(table, "p0", 41, 3);
        assertThat(first.attributes().get("stock").n()).isEqualTo("7");

        assertThatThrownBy(() -> decrement(table, "p0", 41, 3)).isInstanceOf(ConditionalCheckFailedException.class);
        assertThatThrownBy(() -> decrement(table, "p0", 40, 3)).isInstanceOf(ConditionalCheckFailedException.class);
        assertThat(decrement(table, "p0", 42, 2).attributes().get("stock").n()).isEqualTo("5");
        assertThat(decrement(table, "p1", 1, 1).attributes().get("stock").n()).isEqualTo("4");
    }

    @Test
    void a_consistent_query_reads_the_range_in_order() {
        String table = freshTable("ledger", true);
        for (String sk : List.of("0003", "0001", "0002")) {
            dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", n(1), "sk", s(sk), "delta", n(1))));
        }
        dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", n(2), "sk", s("0001"), "delta", n(5))));

        QueryResponse rows = dynamo.query(b -> b.tableName(table)
                .consistentRead(true)
                .keyConditionExpression("pk = :p AND sk > :after")
                .expressionAttributeValues(Map.of(":p", n(1), ":after", s("0001"))));

        assertThat(rows.items()).extracting(i -> i.get("sk").s()).containsExactly("0002", "0003");
    }

    @Test
    void a_bad_request_is_classified_as_data_and_an_unreachable_endpoint_as_an_outage() {
        String table = freshTable("classify", false);
        Throwable validation = org.assertj.core.api.Assertions.catchThrowable(
                () -> dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("not a number")))));
        assertThat(AwsFailureClassifier.INSTANCE.classify(validation))
                .isEqualTo(io.sluice.core.consumer.FailureKind.DATA);

        AwsConfig nowhere = AwsConfig.from(Settings.of(Map.of(
                "aws.endpoint_url_dynamodb", "http://127.0.0.1:1",
                "aws.access_key_id", "x",
                "aws.secret_access_key", "y")));
        try (DynamoDbClient unreachable = AwsClients.dynamoDb(nowhere)) {
            Throwable outage = org.assertj.core.api.Assertions.catchThrowable(() -> unreachable.listTables());
            assertThat(AwsFailureClassifier.isOutage(outage)).isTrue();
        }
    }

    private UpdateItemResponse decrement(String table, String partition, long offset, int quantity) {
        return dynamo.updateItem(b -> b.tableName(table)
                .key(Map.of("pk", n(7)))
                .updateExpression("ADD stock :d SET applied.#p = :o")
                .conditionExpression("attribute_not_exists(applied.#p) OR applied.#p < :o")
                .expressionAttributeNames(Map.of("#p", partition))
                .expressionAttributeValues(Map.of(":d", n(-quantity), ":o", n(offset)))
                .returnValues("UPDATED_NEW"));
    }

    private static String freshTable(String prefix, boolean withRange) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        dynamo.createTable(b -> {
            b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST);
            if (withRange) {
                b.attributeDefinitions(
                                a -> a.attributeName("pk").attributeType(ScalarAttributeType.N),
                                a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
                        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk")
                                .keyType(KeyType.RANGE));
            } else {
                b.attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.N))
                        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH));
            }
        });
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(name));
        return name;
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue m(Map<String, AttributeValue> value) {
        return AttributeValue.fromM(value);
    }
}
