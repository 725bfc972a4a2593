package dev.mlcycle.datagen.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.datagen.GeneratedRecord;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes records as JSON lines, one per record, for {@code mlcycle generate --output}:
 *
 * <pre>{"topic":"mlcycle.events.credit","key":"c-004711","value":"{\"event_id\":\"credit-42-0\",...}"}</pre>
 *
 * <p>Key and value are the record's bytes as UTF-8 text (every generated key and value is UTF-8), so
 * a line can be replayed byte for byte; {@link #read} does that.
 */
public final class JsonlSink implements RecordSink {
    private static final JsonFactory JSON = new JsonFactory();

    private final Path file;
    private final OutputStream out;
    private final JsonGenerator g;
    private long lines;

    /** One line as read back. */
    public record Line(String topic, byte[] key, byte[] value) {}

    /** Writes to {@code file}, replacing it. */
    public JsonlSink(Path file) {
        this.file = file;
        try {
            this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            this.g = JSON.createGenerator(out);
        } catch (IOException e) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, file + ": cannot write: " + e.getMessage(), e);
        }
    }

    @Override
    public void accept(GeneratedRecord r) {
        try {
            g.writeStartObject();
            g.writeStringField("topic", r.topic());
            if (r.key() == null) {
                g.writeNullField("key");
            } else {
                g.writeStringField("key", r.keyString());
            }
            g.writeStringField("value", r.valueString());
            g.writeEndObject();
            g.writeRaw('\n');
            lines++;
        } catch (IOException e) {
            throw new MlcycleException(
                    Reason.UNAVAILABLE, file + ": write failed at line " + (lines + 1) + ": " + e.getMessage(), e);
        }
    }

    /** Lines written so far. */
    public long lines() {
        return lines;
    }

    @Override
    public void finish() {
        try {
            g.flush();
            out.flush();
        } catch (IOException e) {
            throw new MlcycleException(Reason.UNAVAILABLE, file + ": flush failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            g.close();
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a file written by this sink, line by line, in order. */
    public static void read(Path file, Consumer<Line> consumer) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            long number = 0;
            while ((text = in.readLine()) != null) {
                number++;
                if (!text.isEmpty()) {
                    consumer.accept(parse(text, file + ":" + number));
                }
            }
        } catch (IOException e) {
            throw new MlcycleException(Reason.INVALID_ARGUMENT, file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** All lines of a file written by this sink. */
    public static List<Line> readAll(Path file) {
        List<Line> lines = new ArrayList<>();
        read(file, lines::add);
        return lines;
    }

    private static Line parse(String text, String where) throws IOException {
        String topic = null;
        String key = null;
        String value = null;
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MlcycleException(Reason.INVALID_RECORD, where + ": expected a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                String v = t == JsonToken.VALUE_NULL ? null : p.getText();
                switch (name) {
                    case "topic" -> topic = v;
                    case "key" -> key = v;
                    case "value" -> value = v;
                    default -> p.skipChildren();
                }
            }
        }
        if (topic == null || value == null) {
            throw new MlcycleException(Reason.INVALID_RECORD, where + ": expected fields topic and value");
        }
        return new Line(
                topic,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
    }
}
