package dev.mlcycle.contracts.json;

import com.fasterxml.jackson.databind.JsonMappingException.Reference;
import java.util.List;

/** Renders a Jackson reference path as {@code files[2].path}, with the JSON (snake_case) names. */
final class JsonPaths {
    private JsonPaths() {}

    static String of(List<Reference> path) {
        StringBuilder out = new StringBuilder();
        for (Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }
}
