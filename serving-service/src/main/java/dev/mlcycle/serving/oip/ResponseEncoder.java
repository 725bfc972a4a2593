package dev.mlcycle.serving.oip;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.FeatureSpec;
import dev.mlcycle.serving.model.Outputs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Writes infer responses (JSON, or JSON plus binary tensors as the request asked) and the model and server metadata.
 */
final class ResponseEncoder {
    static final String JSON = "application/json";
    static final String OCTET_STREAM = "application/octet-stream";
    static final String PLATFORM = "mlcycle-tribuo";

    private final JsonFactory factory;

    ResponseEncoder(JsonFactory factory) {
        this.factory = factory;
    }

    Encoded infer(InferRequest req, String model, int version, String variant, Outputs out) {
        if (out.rows() != req.rows()) {
            throw new MlcycleException(
                    Reason.INTERNAL, "the model answered " + out.rows() + " rows for a request of " + req.rows());
        }
        ByteArrayOutputStream json = new ByteArrayOutputStream(256 + 64 * out.rows());
        ByteArrayOutputStream binary = new ByteArrayOutputStream(req.binaryOutputs() ? 32 * out.rows() : 0);
        try (JsonGenerator g = factory.createGenerator(json)) {
            g.writeStartObject();
            g.writeStringField("model_name", model);
            g.writeStringField("model_version", Integer.toString(version));
            if (req.id() != null) {
                g.writeStringField("id", req.id());
            }
            g.writeObjectFieldStart("parameters");
            g.writeStringField("variant", variant);
            g.writeNumberField("model_version", version);
            g.writeEndObject();
            g.writeArrayFieldStart("outputs");
            for (String name : req.outputs()) {
                boolean asBinary = req.binaryOutputNames().contains(name);
                switch (name) {
                    case ModelSignature.LABEL -> {
                        requireClassification(out, name);
                        byte[] bytes = asBinary ? BinaryTensors.bytes(out.labels()) : null;
                        tensorHead(g, name, "BYTES", new int[] {out.rows()}, bytes);
                        if (bytes != null) {
                            binary.writeBytes(bytes);
                        } else {
                            g.writeArrayFieldStart("data");
                            for (String l : out.labels()) {
                                g.writeString(l);
                            }
                            g.writeEndArray();
                            g.writeEndObject();
                        }
                    }
                    case ModelSignature.PROBABILITIES -> {
                        requireClassification(out, name);
                        int classes = out.classes().size();
                        double[] flat = new double[out.rows() * classes];
                        for (int r = 0; r < out.rows(); r++) {
                            System.arraycopy(out.probabilities()[r], 0, flat, r * classes, classes);
                        }
                        writeFp64(g, binary, name, new int[] {out.rows(), classes}, flat, asBinary);
                    }
                    case ModelSignature.VALUE -> {
                        if (out.isClassification()) {
                            throw new MlcycleException(
                                    Reason.INTERNAL, "output \"value\" asked of a classifier's outputs");
                        }
                        writeFp64(g, binary, name, new int[] {out.rows()}, out.values(), asBinary);
                    }
                    default -> throw new MlcycleException(Reason.INTERNAL, "unknown output \"" + name + "\"");
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (binary.size() == 0 && !req.binaryOutputs()) {
            return new Encoded(json.toByteArray(), JSON, null);
        }
        int header = json.size();
        json.writeBytes(binary.toByteArray());
        return new Encoded(json.toByteArray(), OCTET_STREAM, header);
    }

    private static void requireClassification(Outputs out, String name) {
        if (!out.isClassification()) {
            throw new MlcycleException(Reason.INTERNAL, "output \"" + name + "\" asked of a regressor's outputs");
        }
    }

    private static void writeFp64(
            JsonGenerator g, ByteArrayOutputStream binary, String name, int[] shape, double[] values, boolean asBinary)
            throws IOException {
        byte[] bytes = asBinary ? BinaryTensors.fp64(values) : null;
        tensorHead(g, name, "FP64", shape, bytes);
        if (bytes != null) {
            binary.writeBytes(bytes);
            return;
        }
        g.writeFieldName("data");
        g.writeArray(values, 0, values.length);
        g.writeEndObject();
    }

    /** Writes name, datatype, shape and, for a binary tensor, its size; leaves the object open for data. */
    private static void tensorHead(JsonGenerator g, String name, String datatype, int[] shape, byte[] binary)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeStringField("datatype", datatype);
        g.writeFieldName("shape");
        g.writeArray(shape, 0, shape.length);
        if (binary != null) {
            g.writeObjectFieldStart("parameters");
            g.writeNumberField("binary_data_size", binary.length);
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    byte[] modelMetadata(
            ModelSignature sig, String model, int version, List<Integer> versions, Map<String, Integer> aliases) {
        DatasetSpec spec = sig.spec();
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("name", model);
            g.writeArrayFieldStart("versions");
            for (int v : versions) {
                g.writeString(Integer.toString(v));
            }
            g.writeEndArray();
            g.writeStringField("platform", PLATFORM);
            g.writeArrayFieldStart("inputs");
            for (FeatureSpec f : spec.features()) {
                metadataTensor(g, f.name(), Datatype.accepted(f.type()).get(0).name(), new int[] {-1});
                g.writeObjectFieldStart("parameters");
                g.writeStringField("feature_type", f.type().yamlName());
                g.writeBooleanField("nullable", f.nullable());
                if (f.min() != null) {
                    g.writeNumberField("min", f.min());
                }
                if (f.max() != null) {
                    g.writeNumberField("max", f.max());
                }
                if (f.isCategorical()) {
                    g.writeFieldName("categories");
                    g.writeArray(
                            f.values().toArray(String[]::new), 0, f.values().size());
                    g.writeStringField("unseen", f.unseenAllowed() ? "allow" : "reject");
                }
                String[] accepted =
                        Datatype.accepted(f.type()).stream().map(Enum::name).toArray(String[]::new);
                g.writeFieldName("accepted_datatypes");
                g.writeArray(accepted, 0, accepted.length);
                g.writeEndObject();
                g.writeEndObject();
            }
            metadataTensor(g, spec.id(), "BYTES", new int[] {-1});
            g.writeObjectFieldStart("parameters");
            g.writeBooleanField("optional", true);
            g.writeEndObject();
            g.writeEndObject();
            metadataTensor(g, spec.timestamp(), "BYTES", new int[] {-1});
            g.writeObjectFieldStart("parameters");
            g.writeBooleanField("optional", true);
            g.writeFieldName("accepted_datatypes");
            g.writeArray(new String[] {"BYTES", "INT64"}, 0, 2);
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndArray();
            g.writeArrayFieldStart("outputs");
            if (sig.classification()) {
                metadataTensor(g, ModelSignature.LABEL, "BYTES", new int[] {-1});
                g.writeEndObject();
                metadataTensor(g, ModelSignature.PROBABILITIES, "FP64", new int[] {
                    -1, sig.classes().size()
                });
                g.writeEndObject();
            } else {
                metadataTensor(g, ModelSignature.VALUE, "FP64", new int[] {-1});
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("parameters");
            g.writeNumberField("version", version);
            g.writeStringField("dataset", spec.name());
            g.writeFieldName("classes");
            g.writeArray(sig.classes().toArray(String[]::new), 0, sig.classes().size());
            g.writeObjectFieldStart("aliases");
            for (Map.Entry<String, Integer> a : aliases.entrySet()) {
                g.writeNumberField(a.getKey(), a.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void metadataTensor(JsonGenerator g, String name, String datatype, int[] shape) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeStringField("datatype", datatype);
        g.writeFieldName("shape");
        g.writeArray(shape, 0, shape.length);
    }

    byte[] serverMetadata(String name, String version, List<String> extensions) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("name", name);
            g.writeStringField("version", version);
            g.writeFieldName("extensions");
            g.writeArray(extensions.toArray(String[]::new), 0, extensions.size());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
