package dev.mlcycle.contracts;

import java.util.Objects;

/**
 * The one error type of mlcycle. A failure carries a typed {@link Reason}, which services map to an
 * HTTP status in one place, and a message that says what was wrong, where, and what was expected.
 */
public final class MlcycleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why an operation failed. Absence of a value is not a failure and is never one of these. */
    public enum Reason {
        /** A dataset spec (YAML) is malformed or inconsistent. */
        INVALID_SPEC(422),
        /** A record on a topic or in a file does not match its contract. */
        INVALID_RECORD(422),
        /** A caller passed a bad argument: an option, a name, a path. */
        INVALID_ARGUMENT(400),
        /** Input does not match the schema a model or table expects. */
        SCHEMA_MISMATCH(422),
        /** A named thing (topic, table, run, version) does not exist. */
        NOT_FOUND(404),
        /** A named model does not exist. */
        MODEL_NOT_FOUND(404),
        /** The operation conflicts with the current state (a run in flight, a stale version). */
        CONFLICT(409),
        /** Admin call without a valid bearer token. */
        UNAUTHORIZED(401),
        /** A valid token that does not carry the right to this call (the alert token on an admin call). */
        FORBIDDEN(403),
        /** A request body larger than the service accepts. */
        PAYLOAD_TOO_LARGE(413),
        /** Admission control refused the work at once (rows in flight or the queue at their cap); retry later. */
        OVERLOADED(429),
        /** The caller's deadline passed (or would pass) before the work could run; it was not run. */
        DEADLINE_EXCEEDED(504),
        /** A dependency (the broker, the lake, the registry) cannot be reached. */
        UNAVAILABLE(503),
        /** A bug or an unexpected state. */
        INTERNAL(500);

        private final int httpStatus;

        Reason(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        /** The HTTP status a service answers with for this reason. */
        public int httpStatus() {
            return httpStatus;
        }
    }

    private final Reason reason;

    public MlcycleException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public MlcycleException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
