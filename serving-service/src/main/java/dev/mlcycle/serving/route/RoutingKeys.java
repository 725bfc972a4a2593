package dev.mlcycle.serving.route;

import java.nio.charset.StandardCharsets;

/**
 * Which key a request is routed by, and where a key falls in [0, 1): the sticky half of a canary. The hash is
 * MurmurHash3 x86 32-bit (seed 0) of the key's UTF-8 bytes, read as an unsigned number over 2^32: stable across
 * processes, JVMs and restarts (unlike {@code String.hashCode} spread or a random draw), so one entity always sees one
 * variant, and uniform enough that a weight of w sends a share w of the keys.
 */
public final class RoutingKeys {
    /** The request header that names the routing key when the rows carry no event id. */
    public static final String HEADER = "X-Mlcycle-Routing-Key";

    private RoutingKeys() {}

    /**
     * The routing key of a request: its (first) event id, else the {@value #HEADER} header, else the request id. Blank
     * values count as absent.
     */
    public static String of(String eventId, String header, String requestId) {
        if (eventId != null && !eventId.isBlank()) {
            return eventId;
        }
        if (header != null && !header.isBlank()) {
            return header;
        }
        return requestId;
    }

    /** Where the key falls in [0, 1). */
    public static double bucket(String key) {
        return Integer.toUnsignedLong(murmur3x86_32(key.getBytes(StandardCharsets.UTF_8), 0)) / 4_294_967_296.0;
    }

    /** MurmurHash3 x86 32-bit, as Austin Appleby's reference {@code MurmurHash3_x86_32}. */
    static int murmur3x86_32(byte[] data, int seed) {
        final int c1 = 0xcc9e2d51;
        final int c2 = 0x1b873593;
        int h = seed;
        int blocks = data.length / 4;
        for (int i = 0; i < blocks; i++) {
            int k = (data[4 * i] & 0xff)
                    | (data[4 * i + 1] & 0xff) << 8
                    | (data[4 * i + 2] & 0xff) << 16
                    | (data[4 * i + 3] & 0xff) << 24;
            k *= c1;
            k = Integer.rotateLeft(k, 15);
            k *= c2;
            h ^= k;
            h = Integer.rotateLeft(h, 13);
            h = h * 5 + 0xe6546b64;
        }
        int tail = blocks * 4;
        int rest = data.length & 3;
        if (rest > 0) {
            int k = 0;
            if (rest == 3) {
                k ^= (data[tail + 2] & 0xff) << 16;
            }
            if (rest >= 2) {
                k ^= (data[tail + 1] & 0xff) << 8;
            }
            k ^= data[tail] & 0xff;
            k *= c1;
            k = Integer.rotateLeft(k, 15);
            k *= c2;
            h ^= k;
        }
        h ^= data.length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
