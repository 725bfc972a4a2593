package dev.mlcycle.monitoring.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    static final byte[] SECRET = "whsec-test-0123456789".getBytes(StandardCharsets.UTF_8);
    static final byte[] BODY = "{\"alert_id\":\"a-1\",\"kind\":\"DATA_DRIFT\"}".getBytes(StandardCharsets.UTF_8);
    static final long TS = 1_796_000_000L;

    /** An independent HMAC-SHA256 over "timestamp.body", as a receiver would compute it. */
    static String independent(byte[] secret, long ts, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        byte[] signed = (ts + "." + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        StringBuilder hex = new StringBuilder("v1=");
        for (byte b : mac.doFinal(signed)) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

    @Test
    void signatureEqualsAnIndependentHmacOverTimestampDotBody() throws Exception {
        assertThat(WebhookSignature.sign(SECRET, TS, BODY)).isEqualTo(independent(SECRET, TS, BODY));
    }

    /**
     * The same value from Python's standard library, a third implementation:
     * {@code python3 -c 'import hmac,hashlib; print(hmac.new(b"Jefe", b"0.what do ya want for nothing?",
     * hashlib.sha256).hexdigest())'} (the key and message of RFC 4231 test case 2, with timestamp 0).
     */
    @Test
    void signatureEqualsPythonsHmacForTheRfc4231Key() {
        String sig = WebhookSignature.sign(
                "Jefe".getBytes(StandardCharsets.US_ASCII),
                0,
                "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII));
        assertThat(sig).isEqualTo("v1=37f471929915ccd2cbbe79feb84ffcff4f2bb25e15fc41c2506687331ae179cc");
    }

    @Test
    void wrongSecretDoesNotVerify() {
        String sig = WebhookSignature.sign(SECRET, TS, BODY);
        Instant now = Instant.ofEpochSecond(TS + 10);
        assertThat(WebhookSignature.verify(SECRET, Long.toString(TS), BODY, sig, now, Duration.ofMinutes(5)))
                .isTrue();
        assertThat(WebhookSignature.verify(
                        "another-secret".getBytes(StandardCharsets.UTF_8),
                        Long.toString(TS),
                        BODY,
                        sig,
                        now,
                        Duration.ofMinutes(5)))
                .isFalse();
    }

    @Test
    void changedBodyOrTimestampDoesNotVerify() {
        String sig = WebhookSignature.sign(SECRET, TS, BODY);
        Instant now = Instant.ofEpochSecond(TS);
        byte[] other = "{\"alert_id\":\"a-2\",\"kind\":\"DATA_DRIFT\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignature.verify(SECRET, Long.toString(TS), other, sig, now, Duration.ofMinutes(5)))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, Long.toString(TS + 1), BODY, sig, now, Duration.ofMinutes(5)))
                .isFalse();
    }

    @Test
    void timestampOlderThanTheToleranceDoesNotVerify() {
        String sig = WebhookSignature.sign(SECRET, TS, BODY);
        Instant sixMinutesLater = Instant.ofEpochSecond(TS + 360);
        assertThat(WebhookSignature.verify(
                        SECRET, Long.toString(TS), BODY, sig, sixMinutesLater, WebhookSignature.DEFAULT_TOLERANCE))
                .isFalse();
    }

    @Test
    void malformedHeadersDoNotVerify() {
        String sig = WebhookSignature.sign(SECRET, TS, BODY);
        Instant now = Instant.ofEpochSecond(TS);
        Duration tol = Duration.ofMinutes(5);
        assertThat(WebhookSignature.verify(SECRET, "yesterday", BODY, sig, now, tol))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, null, BODY, sig, now, tol)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, Long.toString(TS), BODY, sig.substring(3), now, tol))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, Long.toString(TS), BODY, "v1=", now, tol))
                .isFalse();
    }

    /** The Java snippet of the README's "Webhooks" section, as the formatter lays it out. */
    static boolean verify(String secret, String timestamp, byte[] body, String signature) throws Exception {
        long ts;
        try {
            ts = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(java.time.Instant.now().getEpochSecond() - ts) > 300) return false;
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(
                secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((ts + ".").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        String expected = "v1=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
        return signature != null
                && java.security.MessageDigest.isEqual(
                        expected.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        signature.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void theReadmesJavaVerifierAcceptsASignedRequestAndRefusesAWrongSecretOrAnOldTimestamp() throws Exception {
        long now = Instant.now().getEpochSecond();
        String sig = WebhookSignature.sign("s3cret".getBytes(StandardCharsets.UTF_8), now, BODY);
        assertThat(verify("s3cret", Long.toString(now), BODY, sig)).isTrue();
        assertThat(verify("other", Long.toString(now), BODY, sig)).isFalse();
        long old = now - 301;
        String oldSig = WebhookSignature.sign("s3cret".getBytes(StandardCharsets.UTF_8), old, BODY);
        assertThat(verify("s3cret", Long.toString(old), BODY, oldSig)).isFalse();
    }
}
