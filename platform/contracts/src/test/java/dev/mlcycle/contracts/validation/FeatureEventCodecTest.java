package dev.mlcycle.contracts.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.DatasetSpecs;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeatureEventCodecTest {
    static final DatasetSpec SPEC =
            DatasetSpecs.loadResource(FeatureEventCodecTest.class.getClassLoader(), "specs/loans.yaml");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
    final FeatureEventCodec codec = new FeatureEventCodec(SPEC, CLOCK);

    static final String GOOD = "{\"event_id\":\"e-1\",\"customer_id\":\"c-42\",\"event_time\":\"2026-01-01T00:00:00Z\","
            + "\"income\":52000.5,\"age\":41,\"region\":\"north\",\"purpose\":\"car\",\"has_mortgage\":false}";

    Decoded<FeatureEvent> decode(String json) {
        return codec.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    Rejection rejection(String json) {
        Decoded<FeatureEvent> d = decode(json);
        assertThat(d).as("expected a rejection of %s", json).isInstanceOf(Decoded.Invalid.class);
        return ((Decoded.Invalid<FeatureEvent>) d).rejection();
    }

    @Test
    void decodesAValidEventWithTypedValuesInSpecOrder() {
        FeatureEvent e = decode(GOOD).orThrow("test");
        assertThat(e.id()).isEqualTo("e-1");
        assertThat(e.key()).isEqualTo("c-42");
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(e.features())
                .containsExactly(
                        Map.entry("income", 52000.5),
                        Map.entry("age", 41L),
                        Map.entry("region", "north"),
                        Map.entry("purpose", "car"),
                        Map.entry("has_mortgage", false));
        assertThat(e.label()).isNull();
    }

    @Test
    void encodesAndDecodesToTheSameEventAndTheSameBytes() {
        FeatureEvent e = decode(GOOD).orThrow("test");
        byte[] bytes = codec.encode(e);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(GOOD);
        assertThat(codec.decode(bytes).orThrow("again")).isEqualTo(e);
    }

    @Test
    void acceptsNullOrAbsentNullableFeaturesAndUnseenCategoriesWhereAllowed() {
        FeatureEvent e = decode(GOOD.replace("\"income\":52000.5,", "").replace("\"car\"", "\"boat\""))
                .orThrow("t");
        assertThat(e.features().get("income")).isNull();
        assertThat(e.features()).containsKey("income");
        assertThat(e.category("purpose")).isEqualTo("boat");
    }

    @Test
    void acceptsEpochMillisOffsetsAndIntegralDoublesForIntegers() {
        FeatureEvent e = decode(GOOD.replace("\"2026-01-01T00:00:00Z\"", "1767225600000")
                        .replace("\"age\":41", "\"age\":41.0"))
                .orThrow("t");
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(e.features().get("age")).isEqualTo(41L);
        FeatureEvent o = decode(GOOD.replace("2026-01-01T00:00:00Z", "2026-01-01T01:00:00+01:00"))
                .orThrow("t");
        assertThat(o.timestamp()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void acceptsAnInlineLabelEvenWhenLabelsUsuallyArriveLater() {
        FeatureEvent e = decode(GOOD.replace("}", ",\"default\":\"yes\"}")).orThrow("t");
        assertThat(e.label()).isEqualTo("yes");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            unknown category        | "north"                  | "northeast"              | UNKNOWN_CATEGORY | region       | expected one of [north, south, east, west], got "northeast"
            number as string        | 52000.5                  | "52000.5"                | WRONG_TYPE       | income       | expected a number >= 0, got "52000.5"
            negative income         | 52000.5                  | -1                       | OUT_OF_RANGE     | income       | expected a number >= 0, got the number -1
            fractional integer      | "age":41                 | "age":41.5               | WRONG_TYPE       | age          | expected an integer in [18, 100], got the number 41.5
            age below range         | "age":41                 | "age":7                  | OUT_OF_RANGE     | age          | got the number 7
            huge integer            | "age":41                 | "age":123456789012345678901234567890 | OUT_OF_RANGE | age | got the number 123456789012345678901234567890
            object as value         | "north"                  | {"a":1}                  | WRONG_TYPE       | region       | got an object
            null non-nullable       | "age":41                 | "age":null               | NULL_VALUE       | age          | got null
            missing age             | "age":41,                |                          | MISSING_FIELD    | age          | got nothing
            missing id              | "event_id":"e-1",        |                          | MISSING_FIELD    | event_id     | got nothing
            blank key               | "c-42"                   | "  "                     | INVALID_VALUE    | customer_id  | expected a non-blank string
            numeric key             | "c-42"                   | 42                       | WRONG_TYPE       | customer_id  | got the number 42
            bad timestamp           | 2026-01-01T00:00:00Z     | 2026-13-01               | BAD_TIMESTAMP    | event_time   | got "2026-13-01"
            too early               | 2026-01-01T00:00:00Z     | 1999-12-31T23:59:59Z     | BAD_TIMESTAMP    | event_time   | at or after 2000-01-01T00:00:00Z
            too far in the future   | 2026-01-01T00:00:00Z     | 2026-06-03T00:00:00Z     | BAD_TIMESTAMP    | event_time   | in the future
            boolean as string       | false                    | "false"                  | WRONG_TYPE       | has_mortgage | expected true or false
            unknown label           | false}                   | false,"default":"maybe"} | UNKNOWN_CATEGORY | default      | expected one of [no, yes], got "maybe"
            unknown field           | false}                   | false,"incme":1}         | UNKNOWN_FIELD    | incme        | got an unknown field
            """)
    void rejectsABadFieldNamingItWhatWasExpectedAndWhatCame(
            String scenario, String from, String to, RejectReason reason, String field, String detail) {
        Rejection r = rejection(GOOD.replace(from, to == null ? "" : to));
        assertThat(r.reason()).isEqualTo(reason);
        assertThat(r.field()).isEqualTo(field);
        assertThat(r.detail()).startsWith("field \"" + field + "\": ").contains(detail);
    }

    @Test
    void reportsTheFirstBadFieldInSpecOrder() {
        Rejection r = rejection(GOOD.replace("\"north\"", "\"mars\"").replace("\"age\":41", "\"age\":\"old\""));
        assertThat(r.field()).isEqualTo("age");
    }

    @Test
    void refusesPoisonBeforeReadingAnyField() {
        assertThat(rejection("{\"event_id\":\"e-1\",").reason()).isEqualTo(RejectReason.NOT_JSON);
        assertThat(rejection("not json at all").reason()).isEqualTo(RejectReason.NOT_JSON);
        assertThat(rejection(GOOD + " trailing").reason()).isEqualTo(RejectReason.NOT_JSON);
        assertThat(rejection("[1,2,3]").reason()).isEqualTo(RejectReason.NOT_AN_OBJECT);
        assertThat(rejection("\"just a string\"").reason()).isEqualTo(RejectReason.NOT_AN_OBJECT);
        assertThat(rejection("null").reason()).isEqualTo(RejectReason.NOT_AN_OBJECT);
        assertThat(rejection(GOOD.replace("{\"event_id\"", "{\"age\":40,\"event_id\""))
                        .reason())
                .isEqualTo(RejectReason.DUPLICATE_FIELD);
        assertThat(codec.decode(null))
                .isEqualTo(new Decoded.Invalid<>(
                        new Rejection(RejectReason.EMPTY, "", "expected a JSON object, got no value (a tombstone)")));
        assertThat(codec.decode(new byte[0]).isValid()).isFalse();
    }

    @Test
    void refusesInvalidUtf8() {
        byte[] bytes = GOOD.replace("north", "n\u00e9rth").getBytes(StandardCharsets.UTF_8);
        int i = new String(bytes, StandardCharsets.ISO_8859_1).indexOf('\u00c3');
        bytes[i + 1] = (byte) 0x28; // break the continuation byte
        assertThat(((Decoded.Invalid<FeatureEvent>) codec.decode(bytes))
                        .rejection()
                        .reason())
                .isEqualTo(RejectReason.NOT_UTF8);
    }

    @Test
    void refusesDeepNestingWithoutRecursingIntoIt() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThat(rejection(GOOD.replace("\"north\"", deep)).reason())
                .isIn(RejectReason.TOO_DEEP, RejectReason.TOO_LARGE);
        String moderate = "[".repeat(20) + "]".repeat(20);
        assertThat(rejection(GOOD.replace("\"north\"", moderate)).reason()).isEqualTo(RejectReason.TOO_DEEP);
    }

    @Test
    void refusesOversizedRecordsByLengthAlone() {
        byte[] big = new byte[10 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) '{');
        Rejection r = ((Decoded.Invalid<FeatureEvent>) codec.decode(big)).rejection();
        assertThat(r.reason()).isEqualTo(RejectReason.TOO_LARGE);
        assertThat(r.detail()).isEqualTo("expected at most 4096 bytes, got 10485760");
    }

    @Test
    void refusesARecordOfNothingButNulls() {
        Rejection r =
                rejection("{\"event_id\":null,\"customer_id\":null,\"event_time\":null,\"income\":null,\"age\":null}");
        assertThat(r.reason()).isEqualTo(RejectReason.NULL_VALUE);
        assertThat(r.field()).isEqualTo("event_id");
    }

    @Test
    void writesNullFeaturesExplicitlyAndNonFiniteNumbersNever() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("income", null);
        f.put("age", 30L);
        f.put("region", "east");
        f.put("purpose", "home");
        f.put("has_mortgage", true);
        FeatureEvent e = new FeatureEvent("e", "k", Instant.parse("2026-01-01T00:00:00.250Z"), f, null);
        String json = new String(codec.encode(e), StandardCharsets.UTF_8);
        assertThat(json)
                .isEqualTo(
                        "{\"event_id\":\"e\",\"customer_id\":\"k\",\"event_time\":\"2026-01-01T00:00:00.250Z\",\"income\":null,\"age\":30,\"region\":\"east\",\"purpose\":\"home\",\"has_mortgage\":true}");
        assertThat(codec.decode(codec.encode(e)).orThrow("t")).isEqualTo(e);
    }
}
