package dev.mlcycle.monitoring.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook request, after Stripe's scheme: {@code X-Mlcycle-Signature: v1=<hex>} where {@code <hex>}
 * is the lower-case hex HMAC-SHA256 (RFC 2104, FIPS 180-4) keyed by the shared secret's UTF-8 bytes over the signed
 * string {@code <X-Mlcycle-Timestamp> + "." + <raw body>}. The timestamp (unix seconds) is signed so that a captured
 * request cannot be replayed later than the receiver's tolerance.
 */
public final class WebhookSignature {
    /** Header: {@code v1=} and the hex HMAC-SHA256 of the signed string. */
    public static final String SIGNATURE = "X-Mlcycle-Signature";
    /** Header: when the attempt was signed, unix seconds. */
    public static final String TIMESTAMP = "X-Mlcycle-Timestamp";
    /** Header: the alert's delivery key ({@code <alert id>/firing} or {@code <alert id>/resolved}). */
    public static final String DELIVERY = "X-Mlcycle-Delivery";
    /** Header: the same delivery key, under the name HTTP APIs use for idempotency. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Header: which attempt of this delivery the request is, from 1. */
    public static final String ATTEMPT = "X-Mlcycle-Attempt";
    /** The scheme prefix of {@link #SIGNATURE}'s value. */
    public static final String VERSION = "v1=";
    /** How old a timestamp a receiver should accept, as documented in the README. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final String HMAC = "HmacSHA256";

    private WebhookSignature() {}

    /** {@code v1=} and the hex HMAC-SHA256 of {@code unixSeconds + "." + body} keyed by {@code secret}. */
    public static String sign(byte[] secret, long unixSeconds, byte[] body) {
        return VERSION + HexFormat.of().formatHex(hmac(secret, unixSeconds, body));
    }

    /**
     * Whether a request is genuine: its signature header holds the expected {@code v1=} value (compared in constant
     * time) and its timestamp is at most {@code tolerance} away from {@code now}.
     */
    public static boolean verify(
            byte[] secret,
            String timestampHeader,
            byte[] body,
            String signatureHeader,
            Instant now,
            Duration tolerance) {
        if (timestampHeader == null || signatureHeader == null || !signatureHeader.startsWith(VERSION)) {
            return false;
        }
        long ts;
        try {
            ts = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - ts) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = sign(secret, ts, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signatureHeader.trim().getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(byte[] secret, long unixSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret, HMAC));
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }

    /** The lower-case hex SHA-256 of some bytes: how a delivery record names the body it sent. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }
}
