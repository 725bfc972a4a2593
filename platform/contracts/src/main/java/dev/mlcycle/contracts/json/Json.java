package dev.mlcycle.contracts.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON configuration of mlcycle records: {@code snake_case} names, ISO-8601 instants in UTC,
 * nulls left out, unknown properties ignored (a newer writer may add fields; an older reader must
 * keep working), duplicate keys and trailing tokens refused.
 *
 * <p>Absent properties decode as {@code null}: a record's optional (boxed) fields may be left out,
 * which is what {@code NON_NULL} writes, and its compact constructor refuses a missing required field
 * ({@code missing field "snapshot_id"}). An absent or null primitive fails here, with the field
 * named, since it has no null to pass to the constructor.
 */
public final class Json {
    /** Deepest nesting a record may have. mlcycle records are a few levels deep at most. */
    public static final int MAX_NESTING_DEPTH = 64;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .defaultPropertyInclusion(
                    JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // Not FAIL_ON_MISSING_CREATOR_PROPERTIES: it makes every record component required, so
            // a record with an optional field left out (as NON_NULL writes it) could not be read back.
            .disable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        MAPPER.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .build());
    }

    private Json() {}

    /**
     * The shared mapper. It is thread-safe; do not reconfigure it. Codecs in this package are the
     * usual way in: they turn Jackson's errors into messages that name the source and the field.
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
