package io.sluice.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.sluice.core.json.Json;
import java.io.IOException;
import java.math.BigDecimal;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * JSON for the state stores and repartition topics: records as objects, {@link BigDecimal} as a string ({@code
 * "29.99"}), so money never passes through a double. Thread-safe.
 */
final class JsonSerde<T> implements Serde<T> {
    private static final ObjectMapper MAPPER = Json.newMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .registerModule(
                    new SimpleModule("exact-money").addSerializer(BigDecimal.class, ToStringSerializer.instance));

    private final JavaType type;

    private JsonSerde(JavaType type) {
        this.type = type;
    }

    static <T> JsonSerde<T> of(Class<T> type) {
        return new JsonSerde<>(MAPPER.constructType(type));
    }

    static <T> JsonSerde<T> of(TypeReference<T> type) {
        return new JsonSerde<>(MAPPER.constructType(type));
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                return MAPPER.writeValueAsBytes(value);
            } catch (JsonProcessingException e) {
                throw new SerializationException("cannot write " + type + " for " + topic + ": " + e.getMessage(), e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                return MAPPER.readValue(data, type);
            } catch (IOException e) {
                throw new SerializationException("cannot read " + type + " from " + topic + ": " + e.getMessage(), e);
            }
        };
    }
}
