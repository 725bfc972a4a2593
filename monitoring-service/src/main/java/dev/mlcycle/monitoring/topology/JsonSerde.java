package dev.mlcycle.monitoring.topology;

import dev.mlcycle.contracts.json.JsonCodec;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** A Kafka serde over a contracts {@link JsonCodec}: the JSON every topic and store of monitoring holds. */
final class JsonSerde {
    private JsonSerde() {}

    static <T> Serde<T> of(JsonCodec<T> codec) {
        return Serdes.serdeFrom(
                (topic, value) -> value == null ? null : codec.encode(value),
                (topic, bytes) -> bytes == null ? null : codec.decode(bytes, topic == null ? "store" : topic));
    }

    static <T> Serde<T> of(Class<T> type) {
        return of(JsonCodec.of(type));
    }
}
