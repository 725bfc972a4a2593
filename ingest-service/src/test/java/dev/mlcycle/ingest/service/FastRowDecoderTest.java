package dev.mlcycle.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.record.LabelEvent;
import dev.mlcycle.contracts.spec.DatasetCatalog;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.validation.Decoded;
import dev.mlcycle.contracts.validation.FeatureEventCodec;
import dev.mlcycle.contracts.validation.LabelEventCodec;
import dev.mlcycle.lake.Lake;
import dev.mlcycle.lake.LakeTable;
import dev.mlcycle.lake.RowBatch;
import dev.mlcycle.lake.TableKind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast decoder against the codecs, record by record: whatever it accepts, the codec accepts with the same row,
 * value for value (bits of doubles included); whatever it declines leaves nothing behind. Over well-formed records in
 * many spellings, hand-picked edge cases, and random mutations of both.
 */
class FastRowDecoderTest {
    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String[] REGIONS = {"north", "south", "east", "west", "central"};
    private static final String[] EMPLOYMENT = {"salaried", "self_employed", "unemployed", "retired", "student"};

    @TempDir
    Path dir;

    private Lake lake;
    private DatasetSpec spec;
    private LakeTable events;
    private LakeTable labels;
    private FeatureEventCodec eventCodec;
    private LabelEventCodec labelCodec;
    private FastRowDecoder fastEvents;
    private FastRowDecoder fastLabels;
    private int fastAccepted;
    private int codecAccepted;
    private int compared;

    @BeforeEach
    void open() {
        spec = new DatasetCatalog(dir).load("credit");
        lake = Lake.open(dir.resolve("lake"));
        events = lake.table(spec, TableKind.EVENTS);
        labels = lake.table(spec, TableKind.LABELS);
        eventCodec = new FeatureEventCodec(spec, CLOCK);
        labelCodec = new LabelEventCodec(spec, CLOCK);
        fastEvents = FastRowDecoder.forEvents(spec, events.name(), CLOCK);
        fastLabels = FastRowDecoder.forLabels(spec, labels.name(), CLOCK);
    }

    @AfterEach
    void close() {
        lake.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Decodes one event both ways and checks the promise; returns whether the fast decoder took it. */
    private boolean sameEvent(byte[] key, byte[] value) {
        compared++;
        RowBatch fast = events.newBatch();
        boolean took = fastEvents.decode(key, value, fast);
        if (took) {
            fast.endRow();
        }
        RowBatch slow = events.newBatch();
        Decoded<FeatureEvent> d = eventCodec.decode(value);
        boolean valid = d instanceof Decoded.Valid<FeatureEvent> v
                && (key == null || Arrays.equals(key, utf8(v.value().key())));
        if (valid) {
            slow.add(((Decoded.Valid<FeatureEvent>) d).value());
            codecAccepted++;
        }
        String shown = new String(value, StandardCharsets.UTF_8);
        if (took) {
            fastAccepted++;
            assertThat(valid)
                    .as("the codec accepts what the fast decoder took: %s (%s)", shown, d)
                    .isTrue();
            assertThat(fast.toRecord(0)).as(shown).isEqualTo(slow.toRecord(0));
            assertThat(new String(value, fastEvents.idFrom(), fastEvents.idLength(), StandardCharsets.UTF_8))
                    .isEqualTo(slow.getString(0, slow.idColumn()));
        } else {
            assertThat(fast.size()).as(shown).isZero();
        }
        return took;
    }

    private boolean sameLabel(byte[] key, byte[] value) {
        compared++;
        RowBatch fast = labels.newBatch();
        boolean took = fastLabels.decode(key, value, fast);
        if (took) {
            fast.endRow();
        }
        Decoded<LabelEvent> d = labelCodec.decode(value);
        boolean valid = d instanceof Decoded.Valid<LabelEvent> v
                && (key == null || Arrays.equals(key, utf8(v.value().id())));
        String shown = new String(value, StandardCharsets.UTF_8);
        if (took) {
            fastAccepted++;
            assertThat(valid)
                    .as("the codec accepts what the fast decoder took: %s (%s)", shown, d)
                    .isTrue();
            RowBatch slow = labels.newBatch();
            slow.add(((Decoded.Valid<LabelEvent>) d).value());
            assertThat(fast.toRecord(0)).as(shown).isEqualTo(slow.toRecord(0));
        } else {
            assertThat(fast.size()).as(shown).isZero();
        }
        return took;
    }

    // ---- generating events in many spellings ----

    /** A valid event's fields, with values drawn to reach edges: bounds, nulls, unseen purposes, inline labels. */
    private static LinkedHashMap<String, Object> fields(Random rnd, int i) {
        LinkedHashMap<String, Object> f = new LinkedHashMap<>();
        f.put("event_id", "e-" + i);
        f.put("customer_id", "c-" + rnd.nextInt(1000));
        long t = NOW.minus(Duration.ofDays(400)).getEpochSecond() + rnd.nextInt(400 * 86_400);
        f.put("event_time", Instant.ofEpochSecond(t, rnd.nextInt(4) == 0 ? rnd.nextInt(1_000_000_000) : 0));
        f.put("income", pick(rnd, null, 0.0, 52_000.5, rnd.nextDouble() * 1e6, 1e-7, 123456789.0123));
        f.put("age", pick(rnd, 18L, 100L, (long) (18 + rnd.nextInt(83))));
        f.put("debt_ratio", pick(rnd, 0.0, 20.0, rnd.nextDouble() * 20, 0.1 + 0.2));
        f.put("utilization", pick(rnd, 0.0, 2.0, rnd.nextDouble() * 2));
        f.put("delinquencies", (long) rnd.nextInt(61));
        f.put("credit_history_months", (long) rnd.nextInt(1001));
        f.put("open_accounts", (long) rnd.nextInt(201));
        f.put("loan_amount", pick(rnd, 0.0, 10_000_000.0, Math.round(rnd.nextDouble() * 1e9) / 100.0));
        f.put("months_employed", pick(rnd, null, 0.0, 900.0, (double) rnd.nextInt(900)));
        f.put("region", REGIONS[rnd.nextInt(REGIONS.length)]);
        f.put("employment", EMPLOYMENT[rnd.nextInt(EMPLOYMENT.length)]);
        f.put("purpose", pick(rnd, "car", "home", "a brand new purpose", "", "x".repeat(300)));
        f.put("has_mortgage", rnd.nextBoolean());
        if (rnd.nextInt(3) == 0) {
            f.put("default", pick(rnd, "yes", "no", null));
        }
        return f;
    }

    @SafeVarargs
    private static <T> T pick(Random rnd, T... values) {
        return values[rnd.nextInt(values.length)];
    }

    /** JSON text of the fields, spelled at random: spacing, field order, number and time forms. */
    private static String spell(Random rnd, Map<String, Object> fields) {
        List<Map.Entry<String, Object>> entries = new ArrayList<>(fields.entrySet());
        if (rnd.nextInt(3) == 0) {
            Collections.shuffle(entries, rnd);
        }
        StringBuilder b = new StringBuilder();
        b.append(ws(rnd)).append('{');
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) {
                b.append(ws(rnd)).append(',');
            }
            b.append(ws(rnd)).append('"').append(entries.get(i).getKey()).append('"');
            b.append(ws(rnd)).append(':').append(ws(rnd));
            b.append(value(rnd, entries.get(i).getKey(), entries.get(i).getValue()));
        }
        b.append(ws(rnd)).append('}').append(ws(rnd));
        return b.toString();
    }

    private static String ws(Random rnd) {
        return switch (rnd.nextInt(12)) {
            case 0 -> " ";
            case 1 -> "\n\t ";
            case 2 -> "\r\n";
            default -> "";
        };
    }

    private static String value(Random rnd, String name, Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return rnd.nextInt(20) == 0 && !s.isEmpty()
                    ? "\"\\u" + String.format("%04x", (int) s.charAt(0)) + s.substring(1) + "\""
                    : "\"" + s + "\"";
        }
        if (v instanceof Boolean bool) {
            return bool.toString();
        }
        if (v instanceof Long l) {
            return switch (rnd.nextInt(6)) {
                case 0 -> l + ".0"; // a JavaScript producer
                case 1 -> l + ".000";
                default -> Long.toString(l);
            };
        }
        if (v instanceof Double d) {
            return switch (rnd.nextInt(5)) {
                case 0 -> Double.toString(d); // may carry an exponent
                case 1 -> new BigDecimal(d).toPlainString(); // every digit of the binary value
                case 2 -> d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) (double) d) : d.toString();
                default -> BigDecimal.valueOf(d).toPlainString();
            };
        }
        if (v instanceof Instant t) {
            return switch (rnd.nextInt(6)) {
                case 0 -> Long.toString(t.toEpochMilli());
                case 1 -> "\"" + t.toString().toLowerCase() + "\"";
                case 2 -> "\"" + t.atOffset(ZoneOffset.ofHours(2)) + "\"";
                default -> "\"" + fraction(rnd, t) + "\"";
            };
        }
        throw new IllegalArgumentException(name + ": " + v);
    }

    /** The instant with 0 to 9 fraction digits (truncated), the way different producers write it. */
    private static String fraction(Random rnd, Instant t) {
        int digits = rnd.nextInt(10);
        String s = t.toString(); // yyyy-MM-ddTHH:mm:ss[.fff...]Z
        String base = s.substring(0, 19);
        String nanos = String.format("%09d", t.getNano());
        return digits == 0 ? base + "Z" : base + "." + nanos.substring(0, digits) + "Z";
    }

    // ---- the tests ----

    @Test
    void takesWellFormedEventsAsTheCodecDoesInEverySpelling() {
        Random rnd = new Random(42);
        int took = 0;
        for (int i = 0; i < 20_000; i++) {
            Map<String, Object> f = fields(rnd, i);
            byte[] value = utf8(spell(rnd, f));
            byte[] key =
                    switch (rnd.nextInt(4)) {
                        case 0 -> null;
                        case 1 -> utf8("c-other");
                        default -> utf8((String) f.get("customer_id"));
                    };
            if (sameEvent(key, value)) {
                took++;
            }
        }
        assertThat(codecAccepted).isGreaterThan(10_000);
        // declined: escapes, exponents, offsets, lower case, a Kafka key of another customer, long purposes...
        assertThat(took).as("the fast decoder takes most well-formed events").isGreaterThan(codecAccepted / 3);
    }

    @Test
    void takesTheCompactEventsProducersWriteAlmostAlways() {
        Random rnd = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            FeatureEvent e = event(rnd, i);
            byte[] value = eventCodec.encode(e);
            assertThat(sameEvent(utf8(e.key()), value))
                    .as("%s", new String(value, StandardCharsets.UTF_8))
                    .isTrue();
        }
    }

    private static FeatureEvent event(Random rnd, int i) {
        LinkedHashMap<String, Object> f = fields(rnd, i);
        Map<String, Object> features = new LinkedHashMap<>(f);
        for (String k : List.of("event_id", "customer_id", "event_time", "default")) {
            features.remove(k);
        }
        if (((String) features.get("purpose")).length() > 100) {
            features.put("purpose", "car");
        }
        Instant t = ((Instant) f.get("event_time"));
        return new FeatureEvent(
                (String) f.get("event_id"), (String) f.get("customer_id"), t, features, f.get("default"));
    }

    /**
     * The decoder reads the clock for the latest accepted time only now and then, but a time past the reading it holds
     * makes it read again: a clock that moved on is honored at once, and a time past the new limit is still declined.
     */
    @Test
    void aClockThatMovesOnIsHonoredAtTheEdgeOfTheFuture() {
        Instant[] now = {NOW};
        Clock moving = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        FastRowDecoder fast = FastRowDecoder.forEvents(spec, events.name(), moving);
        String good = new String(eventCodec.encode(event(new Random(1), 1)), StandardCharsets.UTF_8);
        java.time.Duration future = spec.validation().maxFuture();
        java.util.function.Function<Instant, byte[]> at =
                t -> utf8(good.replaceFirst("\"event_time\":\"[^\"]*\"", "\"event_time\":\"" + t + "\""));
        assertThat(fast.decode(null, at.apply(NOW.plus(future)), events.newBatch()))
                .isTrue();
        assertThat(fast.decode(null, at.apply(NOW.plus(future).plusSeconds(1)), events.newBatch()))
                .isFalse();
        now[0] = NOW.plusSeconds(60);
        assertThat(fast.decode(null, at.apply(NOW.plus(future).plusSeconds(30)), events.newBatch()))
                .isTrue();
        assertThat(fast.decode(null, at.apply(NOW.plus(future).plusSeconds(61)), events.newBatch()))
                .isFalse();
    }

    @Test
    void handPickedEdgesAgreeWithTheCodec() {
        String good = new String(eventCodec.encode(event(new Random(1), 1)), StandardCharsets.UTF_8);
        assertThat(sameEvent(null, utf8(good))).isTrue();
        List<String> cases = new ArrayList<>();
        // numbers
        for (String n : List.of(
                "0",
                "-0",
                "-0.0",
                "00",
                "01",
                "1.",
                ".5",
                "1e3",
                "1E3",
                "-",
                "+1",
                "0.30000000000000004",
                "123456789012345678",
                "1234567890123456789",
                "9007199254740993",
                "9007199254740993.0",
                "1.7976931348623157",
                "4.9e-324",
                "NaN",
                "Infinity",
                "20.000000000000001",
                "19.999999999999999",
                "1\u0000")) {
            cases.add(good.replaceFirst("\"debt_ratio\":[^,]*", "\"debt_ratio\":" + n));
            cases.add(good.replaceFirst("\"age\":[^,]*", "\"age\":" + n));
        }
        for (String age : List.of("18", "17", "100", "101", "18.0", "18.5", "1.8e1", "-18", "100.0000000000001")) {
            cases.add(good.replaceFirst("\"age\":[^,]*", "\"age\":" + age));
        }
        // times
        for (String t : List.of(
                "\"2026-02-28T23:59:59Z\"",
                "\"2026-02-29T00:00:00Z\"",
                "\"2024-02-29T00:00:00Z\"",
                "\"2026-01-01T24:00:00Z\"",
                "\"2026-01-01T23:59:60Z\"",
                "\"2026-01-01T00:00Z\"",
                "\"2026-01-01T00:00:00.Z\"",
                "\"2026-01-01T00:00:00.1234567891Z\"",
                "\"2026-01-01T00:00:00.123456789Z\"",
                "\"2026-01-01 00:00:00Z\"",
                "\"2026-1-01T00:00:00Z\"",
                "\"2000-01-01T00:00:00Z\"",
                "\"1999-12-31T23:59:59.999999999Z\"",
                "\"2026-03-02T00:00:00Z\"",
                "\"2026-03-02T00:00:00.000000001Z\"",
                "946684800000",
                "946684799999",
                "1772409600000",
                "1772409600001",
                "-1",
                "1e12",
                "\"+2026-01-01T00:00:00Z\"",
                "\"2026-01-01T00:00:00+00:00\"",
                "null",
                "true",
                "\"\"")) {
            cases.add(good.replaceFirst("\"event_time\":[^,]*", "\"event_time\":" + t));
        }
        // ids, categories, booleans, labels, structure
        for (String id : List.of(
                "\"\"",
                "\" \"",
                "\"  x \"",
                "\"" + "i".repeat(256) + "\"",
                "\"" + "i".repeat(257) + "\"",
                "\"e\\u002d1\"",
                "\"é\"",
                "\"\t\"",
                "1",
                "null",
                "{}",
                "[1]")) {
            cases.add(good.replaceFirst("\"event_id\":\"[^\"]*\"", "\"event_id\":" + id));
        }
        for (String r : List.of("\"North\"", "\"north \"", "\"mars\"", "\"\"", "null", "1")) {
            cases.add(good.replaceFirst("\"region\":\"[^\"]*\"", "\"region\":" + r));
        }
        for (String m : List.of("true", "false", "null", "\"true\"", "1", "tru", "truex", "false ")) {
            cases.add(good.replaceFirst("\"has_mortgage\":[a-z]*", "\"has_mortgage\":" + m));
        }
        for (String l : List.of("\"yes\"", "\"no\"", "\"maybe\"", "null", "1", "\"\"")) {
            cases.add(good.replaceFirst("}\\s*$", ",\"default\":" + l + "}"));
        }
        cases.add(good.replaceFirst("}\\s*$", ",\"shoe_size\":42}"));
        cases.add(good.replaceFirst("}\\s*$", ",\"age\":30}"));
        cases.add(good.replaceFirst("\"months_employed\":[^,]*,", ""));
        cases.add(good.replaceFirst("\"income\":[^,]*,", ""));
        cases.add(good.replaceFirst("\"age\":[^,]*,", ""));
        cases.add(good + "x");
        cases.add(good + " {}");
        cases.add(good.substring(0, good.length() - 1));
        cases.add("\uFEFF" + good);
        cases.add("[" + good + "]");
        cases.add("{}");
        cases.add("");
        cases.add("null");
        cases.add(good.replace(",", " ,\n"));
        cases.add(good.replace("{", "{,"));
        cases.add(good.replaceFirst("}\\s*$", ",}"));
        int took = 0;
        for (String c : cases) {
            if (sameEvent(null, utf8(c))) {
                took++;
            }
        }
        assertThat(took).as("some edges are valid and taken").isGreaterThan(20);
        assertThat(took).as("most are declined").isLessThan(cases.size() - 50);
    }

    @Test
    void randomMutationsNeverMakeTheFastDecoderTakeWhatTheCodecRejects() {
        Random rnd = new Random(2026);
        byte[] alphabet = utf8("\"\\,:{}[] \n0123456789.-+eEtrufalsnx/");
        for (int i = 0; i < 40_000; i++) {
            FeatureEvent e = event(rnd, i);
            byte[] v = rnd.nextBoolean() ? eventCodec.encode(e) : utf8(spell(rnd, fields(rnd, i)));
            int edits = 1 + rnd.nextInt(3);
            for (int k = 0; k < edits && v.length > 1; k++) {
                int at = rnd.nextInt(v.length);
                v = switch (rnd.nextInt(4)) {
                    case 0 -> remove(v, at);
                    case 1 -> insert(v, at, alphabet[rnd.nextInt(alphabet.length)]);
                    case 2 -> replace(v, at, alphabet[rnd.nextInt(alphabet.length)]);
                    default -> insert(v, at, (byte) (0x80 + rnd.nextInt(0x80))); // not ASCII
                };
            }
            sameEvent(rnd.nextInt(3) == 0 ? null : utf8(e.key()), v);
        }
        assertThat(compared).isEqualTo(40_000);
        assertThat(codecAccepted).as("some mutations stay valid").isGreaterThan(1_000);
    }

    private static byte[] remove(byte[] v, int at) {
        byte[] out = new byte[v.length - 1];
        System.arraycopy(v, 0, out, 0, at);
        System.arraycopy(v, at + 1, out, at, v.length - at - 1);
        return out;
    }

    private static byte[] insert(byte[] v, int at, byte b) {
        byte[] out = new byte[v.length + 1];
        System.arraycopy(v, 0, out, 0, at);
        out[at] = b;
        System.arraycopy(v, at, out, at + 1, v.length - at);
        return out;
    }

    private static byte[] replace(byte[] v, int at, byte b) {
        byte[] out = v.clone();
        out[at] = b;
        return out;
    }

    /**
     * The end of a string, found eight bytes at a time, against a byte-by-byte reading: a quote, backslash, control
     * byte or byte above 0x7f at every position of strings of every length up to 40, near the end of the array too.
     */
    @Test
    void theEndOfAStringIsFoundAsAByteByByteReadingFindsIt() {
        Random rnd = new Random(5);
        byte[] specials = {'"', '\\', 0, 0x1f, (byte) 0x80, (byte) 0xff, (byte) 0xc3};
        byte[] plain = {' ', '!', '#', '[', ']', '~', 0x7f, '0', 'a', 'Z', '{', ':'};
        int checked = 0;
        for (int length = 0; length <= 40; length++) {
            for (int special = -1; special < length; special++) {
                for (byte b : specials) {
                    for (int tail = 0; tail < 10; tail += 9) {
                        byte[] v = new byte[1 + length + tail];
                        v[0] = '"';
                        for (int i = 1; i < v.length; i++) {
                            v[i] = plain[rnd.nextInt(plain.length)];
                        }
                        if (special >= 0) {
                            v[1 + special] = b;
                        }
                        if (length > 0 && special != length - 1 && rnd.nextBoolean()) {
                            v[length] = '"'; // a closing quote as the last byte of the string's room
                        }
                        assertThat(FastRowDecoder.stringEnd(v, 1))
                                .as("%s from 1", Arrays.toString(v))
                                .isEqualTo(stringEndByteByByte(v, 1));
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(10_000);
    }

    private static int stringEndByteByByte(byte[] v, int from) {
        for (int j = from; j < v.length; j++) {
            if (v[j] == '"') {
                return j;
            }
            if (v[j] < 0x20 || v[j] == '\\') {
                return -1;
            }
        }
        return -1;
    }

    @Test
    void labelsAgreeWithTheLabelCodec() {
        Random rnd = new Random(3);
        int took = 0;
        for (int i = 0; i < 5_000; i++) {
            String id = pick(rnd, "e-" + i, "", " ", "e\\u0041", "é-" + i);
            String label = pick(rnd, "\"yes\"", "\"no\"", "\"maybe\"", "null", "1");
            String time = pick(
                    rnd,
                    "\"2026-01-02T03:04:05.678Z\"",
                    "\"2026-01-02T03:04:05Z\"",
                    "1767323045678",
                    "\"2026-13-02T03:04:05Z\"",
                    "\"2027-01-01T00:00:00Z\"");
            String extra = rnd.nextInt(10) == 0 ? ",\"note\":1" : "";
            String json = "{\"event_id\":\"" + id + "\",\"default\":" + label + ",\"label_time\":" + time + extra + "}";
            byte[] key = rnd.nextInt(4) == 0 ? utf8("e-other") : utf8(id);
            if (sameLabel(rnd.nextBoolean() ? null : key, utf8(json))) {
                took++;
            }
        }
        assertThat(took).as("about 4 %% of these labels are valid and plain").isGreaterThan(100);
    }

    @Test
    void theLabelIsRequiredInEventsOnlyWhenItArrivesInline() {
        String good = new String(eventCodec.encode(event(new Random(1), 1)), StandardCharsets.UTF_8);
        String nullLabel = good.replaceFirst("}\\s*$", ",\"default\":null}");
        assertThat(sameEvent(null, utf8(nullLabel)))
                .as("delayed labels: null is fine")
                .isTrue();
        assertThat(sameEvent(null, utf8(good.replaceFirst("}\\s*$", ",\"default\":\"maybe\"}"))))
                .isFalse();
    }
}
