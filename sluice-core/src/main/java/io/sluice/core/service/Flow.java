package io.sluice.core.service;

import java.util.List;

/**
 * What a service reads and writes, for the console's pipeline graph (docs/console-api.md, {@code /api/overview}):
 * the Kafka topics it consumes and produces, the consumer groups it commits under (whose lag is the service's), the
 * stores it writes (PostgreSQL tables, an S3 bucket, a DynamoDB table) and the outside sources it reads (a
 * database's change log, an HTTP API). Names only, as configured; never credentials. Immutable.
 *
 * @param sources outside inputs that are not Kafka topics ({@code postgres:inventory (CDC)}, {@code http:/events})
 * @param inputs topics consumed
 * @param outputs topics produced (dead-letter topics included)
 * @param stores where the service keeps what it consumed ({@code postgres:text_messages})
 * @param groups the consumer groups it commits under
 */
public record Flow(
        List<String> sources, List<String> inputs, List<String> outputs, List<String> stores, List<String> groups) {
    /** A service that shows no edges. */
    public static final Flow NONE = new Flow(List.of(), List.of(), List.of(), List.of(), List.of());

    public Flow {
        sources = List.copyOf(sources);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        stores = List.copyOf(stores);
        groups = List.copyOf(groups);
    }

    /** A consumer of {@code topic} under {@code group} that stores into {@code store} and dead-letters to {@code topic.dlq}. */
    public static Flow consumer(String topic, String group, String store) {
        return new Flow(List.of(), List.of(topic), List.of(topic + ".dlq"), List.of(store), List.of(group));
    }
}
