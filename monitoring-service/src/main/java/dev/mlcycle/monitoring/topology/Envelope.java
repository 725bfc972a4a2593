package dev.mlcycle.monitoring.topology;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What flows between the topology's processors and through its repartition topics: a prediction, a label or a joined
 * pair, with what routing needs read out once, and the original bytes as payload.
 *
 * @param kind what the payload is
 * @param model the model ("" for a label)
 * @param version the model version (0 for a label)
 * @param dataset the dataset
 * @param eventId the event id, or "" when there is none
 * @param time epoch milliseconds: the event time when known, else when it was predicted (a label: its label time)
 * @param payload a {@code PredictionRecord} as JSON (prediction), the label's value as UTF-8 (label), or a {@link
 *     Joined} as JSON (joined)
 */
public record Envelope(
        Kind kind, String model, int version, String dataset, String eventId, long time, byte[] payload) {
    /** What an envelope carries. */
    public enum Kind {
        PREDICTION('P'),
        LABEL('L'),
        JOINED('J');

        private final char code;

        Kind(char code) {
            this.code = code;
        }

        static Kind of(char code) {
            for (Kind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown envelope kind '" + code + "'");
        }
    }

    public Envelope {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(payload, "payload");
    }

    /** The key of a model version's stream. */
    public static String versionKey(String model, int version) {
        return model + "|" + version;
    }

    /** The key of the label join: dataset and event id. */
    public String joinKey() {
        return dataset + "|" + eventId;
    }

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeChar(kind.code);
            out.writeUTF(model);
            out.writeInt(version);
            out.writeUTF(dataset);
            out.writeUTF(eventId);
            out.writeLong(time);
            out.writeInt(payload.length);
            out.write(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Envelope fromBytes(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            Kind kind = Kind.of(in.readChar());
            String model = in.readUTF();
            int version = in.readInt();
            String dataset = in.readUTF();
            String eventId = in.readUTF();
            long time = in.readLong();
            byte[] payload = new byte[in.readInt()];
            in.readFully(payload);
            return new Envelope(kind, model, version, dataset, eventId, time, payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The serde of envelopes in repartition topics and stores. */
    public static Serde<Envelope> serde() {
        Serializer<Envelope> ser = (topic, e) -> e == null ? null : e.toBytes();
        Deserializer<Envelope> de = (topic, b) -> b == null ? null : fromBytes(b);
        return Serdes.serdeFrom(ser, de);
    }
}
