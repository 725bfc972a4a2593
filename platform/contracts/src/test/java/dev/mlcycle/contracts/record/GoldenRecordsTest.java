package dev.mlcycle.contracts.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.mlcycle.contracts.json.Json;
import dev.mlcycle.contracts.record.GoldenExamples.Golden;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The wire format of every topic record, pinned by the files under {@code golden/}. A failure here
 * means a field was renamed, retyped, added or dropped: if that was meant, regenerate the files with
 * {@link GoldenExamples#main} and make sure every reader of the topic copes.
 */
class GoldenRecordsTest {

    static Stream<Golden<?>> goldens() {
        return GoldenExamples.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void goldenFileDecodesToTheExample(Golden<?> golden) throws IOException {
        byte[] bytes = read(golden.file());

        Object decoded = golden.codec().decode(bytes, "golden/" + golden.file());

        assertThat(decoded).isEqualTo(golden.example());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void exampleEncodesToTheGoldenFile(Golden<?> golden) throws IOException {
        JsonNode expected = Json.mapper().readTree(read(golden.file()));

        JsonNode actual = Json.mapper().readTree(encode(golden));

        assertThat(actual).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void encodedExampleDecodesToItself(Golden<?> golden) {
        Object decoded = golden.codec().decode(encode(golden), "round trip");

        assertThat(decoded).isEqualTo(golden.example());
    }

    @Test
    void everyRecordHasAFullAndAMinimalGoldenFile() {
        List<String> files = GoldenExamples.all().stream().map(Golden::file).toList();

        assertThat(files)
                .containsExactlyInAnyOrder(
                        "lake-commit.json",
                        "lake-commit-minimal.json",
                        "model-record.json",
                        "model-record-minimal.json",
                        "training-run.json",
                        "training-run-minimal.json",
                        "training-run-failed.json",
                        "training-run-coalesced.json",
                        "prediction-record.json",
                        "prediction-record-minimal.json",
                        "drift-report.json",
                        "drift-report-minimal.json",
                        "alert.json",
                        "alert-minimal.json",
                        "alert-resolved.json");
    }

    @Test
    void everyGoldenFileOfTheseRecordsHasAnExample() throws IOException, URISyntaxException {
        URL url = GoldenRecordsTest.class.getResource("/golden/lake-commit.json");
        assertThat(url).as("golden/lake-commit.json on the test class path").isNotNull();
        Path dir = Path.of(url.toURI()).getParent();
        List<String> known = GoldenExamples.all().stream().map(Golden::file).toList();

        try (Stream<Path> files = Files.list(dir)) {
            List<String> orphans = files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".json"))
                    // Feature and label events are read against a dataset spec and pinned elsewhere.
                    .filter(name -> !name.startsWith("feature-event") && !name.startsWith("label-event"))
                    .filter(name -> !known.contains(name))
                    .toList();
            assertThat(orphans)
                    .as("golden files without an example in GoldenExamples")
                    .isEmpty();
        }
    }

    /**
     * A field no golden file holds could be renamed without failing the tests above, so every field of
     * every record (and of the records nested in them) appears in at least one golden file.
     */
    @Test
    void everyFieldOfEveryRecordAppearsInAGoldenFile() throws IOException {
        Set<String> inGoldenFiles = new TreeSet<>();
        for (Golden<?> golden : GoldenExamples.all()) {
            collectFieldNames(Json.mapper().readTree(read(golden.file())), inGoldenFiles);
        }
        Map<String, Set<String>> missing = new TreeMap<>();
        for (Class<?> type : recordTypes()) {
            for (BeanPropertyDefinition property : Json.mapper()
                    .getSerializationConfig()
                    .introspect(Json.mapper().constructType(type))
                    .findProperties()) {
                if (!inGoldenFiles.contains(property.getName())) {
                    missing.computeIfAbsent(type.getSimpleName(), k -> new TreeSet<>())
                            .add(property.getName());
                }
            }
        }

        assertThat(missing).as("fields that no golden file holds").isEmpty();
    }

    /** The topic records and every record type reachable from their components. */
    private static Set<Class<?>> recordTypes() {
        Set<Class<?>> seen = new LinkedHashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        GoldenExamples.all().forEach(g -> todo.add(g.codec().type()));
        while (!todo.isEmpty()) {
            Class<?> type = todo.pop();
            if (!seen.add(type)) {
                continue;
            }
            for (RecordComponent component : type.getRecordComponents()) {
                collectRecordTypes(component.getGenericType(), todo);
            }
        }
        return seen;
    }

    private static void collectRecordTypes(Type type, Deque<Class<?>> todo) {
        if (type instanceof Class<?> c && c.isRecord()) {
            todo.add(c);
        } else if (type instanceof ParameterizedType p) {
            for (Type argument : p.getActualTypeArguments()) {
                collectRecordTypes(argument, todo);
            }
        }
    }

    private static void collectFieldNames(JsonNode node, Set<String> names) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                names.add(e.getKey());
                collectFieldNames(e.getValue(), names);
            });
        } else if (node.isArray()) {
            node.forEach(element -> collectFieldNames(element, names));
        }
    }

    private static <T> byte[] encode(Golden<T> golden) {
        return golden.codec().encode(golden.example());
    }

    private static byte[] read(String file) throws IOException {
        try (InputStream in = GoldenRecordsTest.class.getResourceAsStream("/golden/" + file)) {
            assertThat(in).as("golden/%s on the test class path", file).isNotNull();
            return in.readAllBytes();
        }
    }
}
