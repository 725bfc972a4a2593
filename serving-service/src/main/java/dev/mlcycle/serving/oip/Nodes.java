package dev.mlcycle.serving.oip;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers over Jackson trees: how a value is shown in an error, and a tree as plain Java values. */
final class Nodes {
    private Nodes() {}

    /** A node as shown after "got" in a message: {@code the number 3}, {@code "abc"}, {@code a list}. */
    static String shown(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        if (n.isTextual()) {
            return '"' + clip(n.textValue()) + '"';
        }
        if (n.isNumber()) {
            String s = n.asText();
            return "the number " + (s.length() > 40 ? s.substring(0, 37) + "..." : s);
        }
        if (n.isBoolean()) {
            return "the boolean " + n.booleanValue();
        }
        if (n.isNull()) {
            return "null";
        }
        if (n.isArray()) {
            return "a list";
        }
        if (n.isObject()) {
            return "an object";
        }
        return n.getNodeType().toString();
    }

    /** A string cut to 80 characters, for messages that repeat what the caller sent. */
    static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    /** A node's JSON text cut to 80 characters. */
    static String clip(JsonNode n) {
        return clip(n.toString());
    }

    /** A JSON tree as Map, List, String, Long, BigInteger, Double, Boolean or null. */
    static Object toJava(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                m.put(e.getKey(), toJava(e.getValue()));
            }
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>(n.size());
            for (JsonNode c : n) {
                l.add(toJava(c));
            }
            return l;
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        return null;
    }
}
