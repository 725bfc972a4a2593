package dev.mlcycle.features;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The golden files under {@code src/test/resources/golden}, and the method that regenerates them. Not a
 * test: regenerate only when a change to the encoding is intended, and say so in the change. From the
 * repository root:
 *
 * <pre>
 * ./mvnw -B -o -q -pl platform/features test-compile exec:java \
 *     -Dexec.mainClass=dev.mlcycle.features.GoldenFiles -Dexec.classpathScope=test
 * </pre>
 *
 * <ul>
 *   <li>{@value #TRAIN}: the train rows (generated credit rows, seed 11, with nulls, outliers and extra
 *       purposes);
 *   <li>{@value #STATE}: the state {@link #OPTIONS} fit on them, as {@link EncoderState#toJson()};
 *   <li>{@value #ENCODINGS}: rows (generated with seed 12, plus hand-made edge cases) and their expected
 *       encodings under that state.
 * </ul>
 */
public final class GoldenFiles {
    static final String TRAIN = "golden/credit-train.json";
    static final String STATE = "golden/credit-encoder-state.json";
    static final String ENCODINGS = "golden/credit-encodings.json";
    /** Low enough that "travel" (3 of 200 train rows) is learned and "wedding" and "medical" (1 each) are not. */
    static final EncoderOptions OPTIONS = new EncoderOptions(Scaling.STANDARD, 2, 5);

    /** Plain JSON for rows: keeps null values, which the contracts' mapper would leave out. */
    static final ObjectMapper ROWS =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private GoldenFiles() {}

    /** One row and its expected encoding. */
    record Case(String note, Map<String, Object> row, double[] encoded) {}

    /** The encodings file. */
    record Encodings(String regenerate, List<String> columns, List<Case> cases) {}

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : moduleDir().resolve("src/test/resources");
        List<Map<String, Object>> train = Fixtures.creditRows(11, 200);
        EncoderState state = FeatureEncoder.fit(Fixtures.credit(), train, OPTIONS);
        FeatureEncoder encoder = FeatureEncoder.of(state);
        List<Case> cases = new ArrayList<>();
        List<Map<String, Object>> generated = Fixtures.creditRows(12, 25);
        for (int i = 0; i < generated.size(); i++) {
            cases.add(
                    new Case("generated row " + i + " (seed 12)", generated.get(i), encoder.encode(generated.get(i))));
        }
        Map<String, Object> base = generated.get(1);
        List<Object[]> edges = List.of(
                new Object[] {
                    "every nullable feature missing", with(with(base, "income", null), "months_employed", null)
                },
                new Object[] {"learned purpose", with(base, "purpose", "travel")},
                new Object[] {"purpose too rare in train to be learned", with(base, "purpose", "wedding")},
                new Object[] {"purpose never seen", with(base, "purpose", "yacht")},
                new Object[] {"region the spec rejects (the encoder buckets it)", with(base, "region", "mars")},
                new Object[] {"non-nullable region absent", without(base, "region")},
                new Object[] {
                    "far outside the train range",
                    with(with(with(base, "income", 1.0e9), "age", 100L), "loan_amount", 1.0e7)
                },
                new Object[] {"zeros", with(with(base, "income", 0.0), "delinquencies", 0L)},
                new Object[] {
                    "integer given as a double, numeric as an integer", with(with(base, "age", 41.0), "income", 52000L)
                },
                new Object[] {"has_mortgage flipped", with(base, "has_mortgage", !(Boolean) base.get("has_mortgage"))});
        for (Object[] e : edges) {
            @SuppressWarnings("unchecked")
            Map<String, Object> row = (Map<String, Object>) e[1];
            cases.add(new Case((String) e[0], row, encoder.encode(row)));
        }
        Files.createDirectories(dir.resolve("golden"));
        ROWS.writeValue(dir.resolve(TRAIN).toFile(), train);
        Files.writeString(dir.resolve(STATE), state.toJson(), StandardCharsets.UTF_8);
        ROWS.writeValue(
                dir.resolve(ENCODINGS).toFile(),
                new Encodings("dev.mlcycle.features.GoldenFiles#main", encoder.featureNames(), cases));
        System.out.println(
                "wrote " + dir.resolve(TRAIN) + ", " + dir.resolve(STATE) + " and " + dir.resolve(ENCODINGS));
    }

    static List<Map<String, Object>> trainRows() {
        return read(TRAIN, new TypeReference<>() {});
    }

    static String stateJson() {
        try (InputStream in = resource(STATE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Encodings encodings() {
        return read(ENCODINGS, new TypeReference<>() {});
    }

    private static <T> T read(String name, TypeReference<T> type) {
        try (InputStream in = resource(name)) {
            return ROWS.readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = GoldenFiles.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(
                    name + " is not on the test class path; regenerate it with GoldenFiles#main");
        }
        return in;
    }

    private static Map<String, Object> with(Map<String, Object> row, String key, Object value) {
        Map<String, Object> r = new LinkedHashMap<>(row);
        r.put(key, value);
        return r;
    }

    private static Map<String, Object> without(Map<String, Object> row, String key) {
        Map<String, Object> r = new LinkedHashMap<>(row);
        r.remove(key);
        return r;
    }

    /** The module directory: target/test-classes/../.. */
    private static Path moduleDir() {
        try {
            return Path.of(GoldenFiles.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .getParent()
                    .getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
