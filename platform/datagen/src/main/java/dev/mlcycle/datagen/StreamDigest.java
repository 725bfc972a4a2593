package dev.mlcycle.datagen;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of a record stream, as the manifest's {@code sha256}: for each record in order, the
 * topic's UTF-8 bytes, a 0 byte, then the key and the value, each as a 4-byte big-endian length (-1
 * for null) followed by its bytes. Anyone who reads the records back (from a file or a topic partition
 * by partition in emission order) can recompute it.
 */
public final class StreamDigest {
    private final MessageDigest sha;
    private final byte[] len = new byte[4];
    private long records;

    public StreamDigest() {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    public void update(String topic, byte[] key, byte[] value) {
        sha.update(topic.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        chunk(key);
        chunk(value);
        records++;
    }

    private void chunk(byte[] b) {
        int n = b == null ? -1 : b.length;
        len[0] = (byte) (n >>> 24);
        len[1] = (byte) (n >>> 16);
        len[2] = (byte) (n >>> 8);
        len[3] = (byte) n;
        sha.update(len);
        if (b != null) {
            sha.update(b);
        }
    }

    /** How many records went in. */
    public long records() {
        return records;
    }

    /** The digest as 64 lower-case hex digits; the digest is finished and must not be updated again. */
    public String hex() {
        return HexFormat.of().formatHex(sha.digest());
    }
}
