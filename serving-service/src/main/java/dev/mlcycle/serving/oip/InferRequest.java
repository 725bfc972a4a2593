package dev.mlcycle.serving.oip;

import dev.mlcycle.serving.model.Frame;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A decoded, checked infer request.
 *
 * @param id the request's {@code id}, echoed in the response, or null
 * @param frame the rows, one column per feature in spec order, with event ids when the request sent them
 * @param outputs the outputs to answer with, in order (all of the model's when the request named none)
 * @param parameters the request's {@code parameters} as plain Java values (Map, List, String, Long, Double, Boolean)
 * @param timeoutMicros {@code parameters.timeout} in microseconds, or null
 * @param binaryOutputs true when at least one output is to be sent as binary tensor data
 * @param binaryOutputNames the outputs to send as binary (per output {@code binary_data}, else the request's {@code
 *     binary_data_output})
 */
public record InferRequest(
        String id,
        Frame frame,
        Set<String> outputs,
        Map<String, Object> parameters,
        Long timeoutMicros,
        boolean binaryOutputs,
        Set<String> binaryOutputNames) {

    public InferRequest {
        Objects.requireNonNull(frame, "frame");
        outputs = orderedCopy(outputs);
        parameters = parameters == null ? Map.of() : parameters;
        binaryOutputNames = orderedCopy(binaryOutputNames);
        binaryOutputs = !binaryOutputNames.isEmpty();
    }

    /** A request whose outputs are all binary or all JSON. */
    public InferRequest(
            String id,
            Frame frame,
            Set<String> outputs,
            Map<String, Object> parameters,
            Long timeoutMicros,
            boolean binaryOutputs) {
        this(id, frame, outputs, parameters, timeoutMicros, binaryOutputs, binaryOutputs ? outputs : Set.of());
    }

    /** The number of rows. */
    public int rows() {
        return frame.rows();
    }

    private static Set<String> orderedCopy(Set<String> s) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(s));
    }
}
