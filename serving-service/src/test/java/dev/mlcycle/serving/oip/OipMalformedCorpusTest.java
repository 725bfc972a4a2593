package dev.mlcycle.serving.oip;

import static dev.mlcycle.serving.oip.OipFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.FeatureSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A generated corpus of malformed requests: each kind of defect on every input, plus seeded random mutations of a
 * valid request (truncations, byte flips, type swaps, shape changes, huge numbers, deep nesting). Every one must fail
 * with an {@link MlcycleException} of a 4xx reason and a message; no other exception may escape the codec.
 */
class OipMalformedCorpusTest {
    private final OipCodec codec = new OipCodec(OipLimits.DEFAULTS);
    private final ModelSignature sig = OipFixtures.creditSignature();
    private final DatasetSpec spec = sig.spec();
    private final List<Map<String, Object>> rows = OipFixtures.rows(spec, 4, 99);
    private final String[] ids = OipFixtures.eventIds(4);

    /** One malformed request: a name for the report, the body, and the header length (null for JSON). */
    record Case(String name, byte[] body, String headerLength) {}

    @Test
    void everyMalformedRequestFailsWithA4xxMlcycleException() {
        List<Case> corpus = new ArrayList<>();
        corpus.addAll(perInputDefects());
        corpus.addAll(truncations());
        corpus.addAll(deepAndHuge());
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(300);

        List<String> failures = new ArrayList<>();
        for (Case c : corpus) {
            try {
                codec.decode(c.body(), c.headerLength(), sig);
                failures.add(c.name() + ": accepted");
            } catch (MlcycleException e) {
                int status = e.reason().httpStatus();
                if (status < 400
                        || status >= 500
                        || e.getMessage() == null
                        || e.getMessage().isBlank()) {
                    failures.add(c.name() + ": " + e.reason() + " " + e.getMessage());
                }
            } catch (RuntimeException e) {
                failures.add(c.name() + ": " + e);
            }
        }
        assertThat(failures)
                .as("malformed requests not refused with a 4xx MlcycleException")
                .isEmpty();
    }

    /** Random byte flips of valid JSON and binary requests: each is answered or refused with a 4xx, nothing else. */
    @Test
    void randomByteMutationsNeverEscapeAsAnotherException() {
        byte[] json = bytes(OipFixtures.jsonRequest(spec, rows, ids, false));
        OipFixtures.Binary bin = OipFixtures.binaryRequest(spec, rows, ids);
        SplittableRandom random = new SplittableRandom(2026);
        int refused = 0;
        List<String> escaped = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            boolean binary = i % 2 == 1;
            byte[] body = (binary ? bin.body() : json).clone();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                int at = random.nextInt(body.length);
                body[at] = random.nextBoolean()
                        ? (byte) random.nextInt(256)
                        : (byte) (body[at] ^ (1 << random.nextInt(8)));
            }
            try {
                codec.decode(body, binary ? Integer.toString(bin.headerLength()) : null, sig);
            } catch (MlcycleException e) {
                assertThat(e.reason().httpStatus()).as(e.getMessage()).isBetween(400, 499);
                refused++;
            } catch (RuntimeException e) {
                escaped.add("mutation " + i + ": " + e);
            }
        }
        assertThat(escaped).isEmpty();
        assertThat(refused).isGreaterThan(1000);
    }

    private List<Case> perInputDefects() {
        List<Case> cases = new ArrayList<>();
        List<String> names = new ArrayList<>(spec.featureNames());
        names.add(spec.id());
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            FeatureSpec f = spec.feature(name).orElse(null);
            int at = i;
            cases.add(json(name + ": removed", r -> {
                if (f != null && !f.nullable()) {
                    inputs(r).remove(at);
                } else {
                    input(r, at).put("name", "not_a_feature_" + at);
                }
            }));
            cases.add(
                    json(name + ": duplicated", r -> inputs(r).add(input(r, at).deepCopy())));
            cases.add(json(name + ": renamed to unknown", r -> input(r, at).put("name", name + "_x")));
            cases.add(json(name + ": no name", r -> input(r, at).remove("name")));
            cases.add(json(name + ": name is a number", r -> input(r, at).put("name", 5)));
            cases.add(json(name + ": no datatype", r -> input(r, at).remove("datatype")));
            cases.add(json(name + ": unknown datatype", r -> input(r, at).put("datatype", "FP128")));
            cases.add(json(name + ": lower-case datatype", r -> input(r, at).put("datatype", "fp64")));
            for (String dt : wrongDatatypes(f)) {
                cases.add(json(
                        name + ": datatype swapped to " + dt, r -> input(r, at).put("datatype", dt)));
            }
            cases.add(json(name + ": no shape", r -> input(r, at).remove("shape")));
            cases.add(json(name + ": shape [N+1]", r -> shape(r, at).set(0, rows.size() + 1)));
            cases.add(json(name + ": shape [N-1]", r -> shape(r, at).set(0, rows.size() - 1)));
            cases.add(json(name + ": shape [N, 2]", r -> shape(r, at).add(2)));
            cases.add(json(name + ": shape [N, 1, 1]", r -> shape(r, at).add(1).add(1)));
            cases.add(json(name + ": shape [-1]", r -> shape(r, at).set(0, -1)));
            cases.add(json(name + ": shape [\"4\"]", r -> shape(r, at).set(0, "4")));
            cases.add(json(name + ": shape []", r -> shape(r, at).removeAll()));
            cases.add(json(name + ": shape is a string", r -> input(r, at).put("shape", "[4]")));
            cases.add(json(name + ": no data", r -> input(r, at).remove("data")));
            cases.add(json(name + ": data is an object", r -> input(r, at).putObject("data")));
            cases.add(json(name + ": data is a string", r -> input(r, at).put("data", "1,2,3,4")));
            cases.add(json(name + ": one value short", r -> data(r, at).remove(0)));
            cases.add(json(name + ": one value too many", r -> data(r, at)
                    .add(data(r, at).get(0).deepCopy())));
            cases.add(json(name + ": nested without [N, 1]", r -> {
                ArrayNode d = data(r, at);
                JsonNode first = d.get(0);
                d.set(0, d.arrayNode().add(first));
            }));
            cases.add(json(name + ": a value is an object", r -> data(r, at)
                    .set(1, data(r, at).objectNode())));
            cases.add(json(name + ": wrong JSON type", r -> data(r, at).set(2, wrongValue(f))));
            cases.add(json(name + ": parameters is a list", r -> input(r, at).putArray("parameters")));
            cases.add(json(name + ": missing_rows out of range", r -> input(r, at)
                    .putObject("parameters")
                    .putArray("missing_rows")
                    .add(rows.size())));
            cases.add(json(
                    name + ": binary_data_size without a binary part",
                    r -> input(r, at).putObject("parameters").put("binary_data_size", 8)));
            if (f != null) {
                cases.addAll(valueDefects(f, at));
            }
        }
        // The binary form: every tensor cut short or overlong by one byte, and flipped datatypes.
        OipFixtures.Binary b = OipFixtures.binaryRequest(spec, rows, ids);
        for (int cut = 1; cut <= 40; cut++) {
            cases.add(new Case(
                    "binary cut by " + cut,
                    Arrays.copyOf(b.body(), b.body().length - cut),
                    Integer.toString(b.headerLength())));
        }
        cases.add(new Case(
                "binary with a trailing byte",
                Arrays.copyOf(b.body(), b.body().length + 1),
                Integer.toString(b.headerLength())));
        for (String header : List.of(
                "", " ", "-1", "0", "1", "x", "1e3", "0x10", "2147483648", Integer.toString(b.body().length + 1))) {
            cases.add(new Case("header length \"" + header + "\"", b.body(), header));
        }
        return cases;
    }

    private List<Case> valueDefects(FeatureSpec f, int at) {
        List<Case> cases = new ArrayList<>();
        String name = f.name();
        if (!f.nullable()) {
            cases.add(json(name + ": null", r -> data(r, at).set(0, data(r, at).nullNode())));
            cases.add(json(name + ": missing_rows", r -> input(r, at)
                    .putObject("parameters")
                    .putArray("missing_rows")
                    .add(0)));
        }
        switch (f.type()) {
            case NUMERIC, INTEGER -> {
                if (f.min() != null) {
                    cases.add(json(name + ": below min", r -> data(r, at).set(1, f.min() - 1)));
                }
                if (f.max() != null) {
                    cases.add(json(name + ": above max", r -> data(r, at).set(1, f.max() + 1)));
                }
                cases.add(json(name + ": 1e400", r -> data(r, at)
                        .set(1, data(r, at).numberNode(new java.math.BigDecimal("1e400")))));
                if (f.max() != null || f.type() == dev.mlcycle.contracts.spec.FeatureType.INTEGER) {
                    cases.add(json(name + ": 2^70", r -> data(r, at)
                            .set(1, data(r, at).numberNode(java.math.BigInteger.TWO.pow(70)))));
                }
                cases.add(json(name + ": a string", r -> data(r, at).set(1, "12")));
                cases.add(json(name + ": a boolean", r -> data(r, at).set(1, true)));
                if (f.type() == dev.mlcycle.contracts.spec.FeatureType.INTEGER) {
                    cases.add(json(name + ": 2.5 as FP64", r -> {
                        input(r, at).put("datatype", "FP64");
                        data(r, at).set(1, 2.5);
                    }));
                    cases.add(json(name + ": 300 as INT8", r -> {
                        input(r, at).put("datatype", "INT8");
                        data(r, at).set(1, 300);
                    }));
                    cases.add(json(name + ": -1 as UINT32", r -> {
                        input(r, at).put("datatype", "UINT32");
                        data(r, at).set(1, -1);
                    }));
                }
            }
            case CATEGORICAL -> {
                if (!f.unseenAllowed()) {
                    cases.add(json(name + ": unknown category", r -> data(r, at).set(1, "atlantis")));
                    cases.add(json(name + ": category in the wrong case", r -> data(r, at)
                            .set(1, f.values().get(0).toUpperCase(java.util.Locale.ROOT))));
                }
                cases.add(json(name + ": a number", r -> data(r, at).set(1, 3)));
                cases.add(json(
                        name + ": a string over the limit", r -> data(r, at).set(1, "x".repeat(70_000))));
            }
            case BOOLEAN -> {
                cases.add(json(name + ": 1 for true", r -> data(r, at).set(1, 1)));
                cases.add(json(name + ": \"true\"", r -> data(r, at).set(1, "true")));
            }
        }
        return cases;
    }

    private List<Case> truncations() {
        byte[] valid = bytes(OipFixtures.jsonRequest(spec, rows, ids, false));
        List<Case> cases = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < 60; i++) {
            int len = random.nextInt(valid.length - 1);
            cases.add(new Case("JSON truncated to " + len, Arrays.copyOf(valid, len), null));
        }
        return cases;
    }

    private List<Case> deepAndHuge() {
        List<Case> cases = new ArrayList<>();
        for (int depth : new int[] {17, 50, 1000, 100_000}) {
            String deep = "{\"inputs\": " + "[".repeat(depth) + "]".repeat(depth) + "}";
            cases.add(new Case("nested " + depth + " deep", deep.getBytes(StandardCharsets.UTF_8), null));
            String deepData = "{\"inputs\": [{\"name\": \"income\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": "
                    + "[".repeat(depth) + "1" + "]".repeat(depth) + "}]}";
            cases.add(new Case("data nested " + depth + " deep", deepData.getBytes(StandardCharsets.UTF_8), null));
        }
        cases.add(new Case(
                "a 10^6-digit number",
                ("{\"id\": " + "7".repeat(1_000_000) + "}").getBytes(StandardCharsets.UTF_8),
                null));
        cases.add(new Case(
                "a 1 MB string", ("{\"id\": \"" + "a".repeat(1 << 20) + "\"}").getBytes(StandardCharsets.UTF_8), null));
        cases.add(new Case(
                "a 1 MB field name", ("{\"" + "a".repeat(1 << 20) + "\": 1}").getBytes(StandardCharsets.UTF_8), null));
        cases.add(new Case("a body over the limit", new byte[OipLimits.DEFAULTS.maxBodyBytes() + 1], null));
        cases.add(new Case(
                "shape of 10^12 rows",
                ("{\"inputs\": [{\"name\": \"income\", \"shape\": [1000000000000],"
                                + " \"datatype\": \"FP64\", \"data\": [1.0]}]}")
                        .getBytes(StandardCharsets.UTF_8),
                null));
        cases.add(new Case(
                "binary_data_size of 2^40",
                ("{\"inputs\": [{\"name\": \"income\", \"shape\": [1],"
                                + " \"datatype\": \"FP64\", \"parameters\": {\"binary_data_size\": 1099511627776}}]}")
                        .getBytes(StandardCharsets.UTF_8),
                null));
        cases.add(new Case("not UTF-8", new byte[] {'{', '"', (byte) 0xC3, 0x28, '"', ':', '1', '}'}, null));
        cases.add(new Case("a JSON string", "\"inputs\"".getBytes(StandardCharsets.UTF_8), null));
        cases.add(new Case("null", "null".getBytes(StandardCharsets.UTF_8), null));
        cases.add(new Case("empty object", "{}".getBytes(StandardCharsets.UTF_8), null));
        cases.add(new Case("zero bytes", new byte[0], null));
        return cases;
    }

    private Case json(String name, Consumer<ObjectNode> mutation) {
        ObjectNode req = OipFixtures.jsonRequest(spec, rows, ids, false);
        mutation.accept(req);
        return new Case(name, bytes(req), null);
    }

    private static ArrayNode inputs(ObjectNode r) {
        return (ArrayNode) r.get("inputs");
    }

    private static ObjectNode input(ObjectNode r, int at) {
        return (ObjectNode) inputs(r).get(at);
    }

    private static ArrayNode shape(ObjectNode r, int at) {
        return (ArrayNode) input(r, at).get("shape");
    }

    private static ArrayNode data(ObjectNode r, int at) {
        return (ArrayNode) input(r, at).get("data");
    }

    private static List<String> wrongDatatypes(FeatureSpec f) {
        if (f == null) {
            return List.of("INT64", "FP64", "BOOL");
        }
        return switch (f.type()) {
            case NUMERIC, INTEGER -> List.of("BYTES", "BOOL");
            case CATEGORICAL -> List.of("FP64", "INT64", "BOOL");
            case BOOLEAN -> List.of("BYTES", "INT8", "UINT8", "FP32");
        };
    }

    private static JsonNode wrongValue(FeatureSpec f) {
        var nodes = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        if (f == null || f.type() == dev.mlcycle.contracts.spec.FeatureType.BOOLEAN) {
            return nodes.numberNode(1);
        }
        return f.isCategorical() ? nodes.booleanNode(true) : nodes.textNode("abc");
    }
}
