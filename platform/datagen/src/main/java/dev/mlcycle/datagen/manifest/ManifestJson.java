package dev.mlcycle.datagen.manifest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.util.Instantiatable;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.json.Json;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes and reads manifests with the shared mapper ({@link Json#mapper()}): indented at the top two
 * levels, each change point and each fault on one line, so a manifest of 10,000 faults stays about
 * 10,000 lines and diffs well. Output is deterministic: every map in a manifest is insertion-ordered.
 */
public final class ManifestJson {
    private ManifestJson() {}

    private static ObjectWriter writer() {
        return Json.mapper().writer(new TwoLevelPrettyPrinter());
    }

    /** The manifest as JSON text, ending with a newline. */
    public static String toJson(Manifest manifest) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            write(manifest, out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MlcycleException(Reason.INTERNAL, "cannot write manifest: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the manifest to {@code out} (left open), ending with a newline. Streams: a manifest of half a million
     * faults is never held as one string besides its records. {@link #toJson} is this into memory.
     */
    public static void write(Manifest manifest, OutputStream out) throws IOException {
        writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, manifest);
        out.write('\n');
    }

    /** Writes the manifest to {@code file}, replacing it. */
    public static void write(Manifest manifest, Path file) {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            write(manifest, out);
        } catch (IOException e) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, file + ": cannot write manifest: " + e.getMessage(), e);
        }
    }

    /** Reads a manifest written by {@link #write}. */
    public static Manifest read(Path file) {
        try {
            return Json.mapper().readValue(file.toFile(), Manifest.class);
        } catch (IOException e) {
            throw new MlcycleException(Reason.INVALID_RECORD, file + ": not a manifest: " + e.getMessage(), e);
        }
    }

    /** Reads a manifest from its JSON text. */
    public static Manifest parse(String json) {
        try {
            return Json.mapper().readValue(json, Manifest.class);
        } catch (IOException e) {
            throw new MlcycleException(Reason.INVALID_RECORD, "not a manifest: " + e.getMessage(), e);
        }
    }

    /** Indents objects and arrays nested at most two deep; anything deeper stays on one line. */
    static final class TwoLevelPrettyPrinter implements PrettyPrinter, Instantiatable<TwoLevelPrettyPrinter> {
        private static final int PRETTY_DEPTH = 2;
        private int depth;

        @Override
        public TwoLevelPrettyPrinter createInstance() {
            return new TwoLevelPrettyPrinter();
        }

        private boolean pretty() {
            return depth <= PRETTY_DEPTH;
        }

        private void newline(JsonGenerator g) throws IOException {
            g.writeRaw('\n');
            for (int i = 0; i < depth; i++) {
                g.writeRaw("  ");
            }
        }

        @Override
        public void writeRootValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw('\n');
        }

        @Override
        public void writeStartObject(JsonGenerator g) throws IOException {
            g.writeRaw('{');
            depth++;
        }

        @Override
        public void beforeObjectEntries(JsonGenerator g) throws IOException {
            if (pretty()) {
                newline(g);
            }
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(pretty() ? ": " : ":");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(',');
            if (pretty()) {
                newline(g);
            }
        }

        @Override
        public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
            boolean wasPretty = pretty();
            depth--;
            if (wasPretty && nrOfEntries > 0) {
                newline(g);
            }
            g.writeRaw('}');
        }

        @Override
        public void writeStartArray(JsonGenerator g) throws IOException {
            g.writeRaw('[');
            depth++;
        }

        @Override
        public void beforeArrayValues(JsonGenerator g) throws IOException {
            if (pretty()) {
                newline(g);
            }
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(',');
            if (pretty()) {
                newline(g);
            }
        }

        @Override
        public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
            boolean wasPretty = pretty();
            depth--;
            if (wasPretty && nrOfValues > 0) {
                newline(g);
            }
            g.writeRaw(']');
        }
    }
}
