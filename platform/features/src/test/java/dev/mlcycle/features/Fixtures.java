package dev.mlcycle.features;

import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.DatasetSpecs;
import dev.mlcycle.datagen.DataGenerator;
import dev.mlcycle.datagen.GeneratedRecord;
import dev.mlcycle.datagen.GeneratorOptions;
import dev.mlcycle.datagen.RecordKind;
import dev.mlcycle.datagen.fault.FaultKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Specs and rows shared by the tests and the benchmark. */
final class Fixtures {
    /** Purposes the credit spec does not declare ({@code unseen: allow}), put into generated rows. */
    static final String[] EXTRA_PURPOSES = {"travel", "wedding", "medical"};

    private Fixtures() {}

    /** The shipped credit spec. */
    static DatasetSpec credit() {
        return DatasetSpecs.loadResource(Fixtures.class.getClassLoader(), "datasets/credit.yaml");
    }

    /** The text of the shipped credit spec, to derive changed specs from. */
    static String creditYaml() {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream("datasets/credit.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The toy spec: x (numeric, nullable), n (integer), color (categorical red/green, unseen allowed,
     * nullable), size (categorical s/m/l, unseen rejected), flag (boolean, nullable), ok (boolean).
     */
    static DatasetSpec toy() {
        return DatasetSpecs.loadResource(Fixtures.class.getClassLoader(), "specs/toy.yaml");
    }

    /** A toy row; nulls are kept as null values. */
    static Map<String, Object> toy(Double x, Long n, String color, String size, Boolean flag, Boolean ok) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("x", x);
        r.put("n", n);
        r.put("color", color);
        r.put("size", size);
        r.put("flag", flag);
        r.put("ok", ok);
        return r;
    }

    /** A row from key-value pairs: {@code row("x", 1.0, "color", null)}. */
    static Map<String, Object> row(Object... keyValues) {
        Map<String, Object> r = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            r.put((String) keyValues[i], keyValues[i + 1]);
        }
        return r;
    }

    /** A copy of {@code row} with one value replaced (or removed, for {@code null}). */
    static Map<String, Object> with(Map<String, Object> row, String key, Object value) {
        Map<String, Object> r = new LinkedHashMap<>(row);
        r.put(key, value);
        return r;
    }

    /**
     * {@code n} generated credit rows (seeded, so always the same), with 2% nulls and 1% outliers from the
     * generator, and every 40th row's purpose replaced by one of {@link #EXTRA_PURPOSES} (travel most).
     */
    static List<Map<String, Object>> creditRows(long seed, int n) {
        DataGenerator gen = DataGenerator.create(GeneratorOptions.builder()
                .seed(seed)
                .events(n)
                .fault(FaultKind.NULLS, 0.02)
                .fault(FaultKind.OUTLIERS, 0.01)
                .build());
        List<Map<String, Object>> rows = new ArrayList<>(n);
        while (gen.hasNext()) {
            GeneratedRecord r = gen.next();
            if (r.kind() == RecordKind.EVENT) {
                Map<String, Object> features = new LinkedHashMap<>(r.event().features());
                int i = rows.size();
                if (i % 40 == 0) {
                    features.put("purpose", EXTRA_PURPOSES[(i / 40) % 5 < 3 ? 0 : (i / 40) % 5 - 2]);
                }
                rows.add(features);
            }
        }
        return rows;
    }
}
