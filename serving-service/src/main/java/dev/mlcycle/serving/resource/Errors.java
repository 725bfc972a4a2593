package dev.mlcycle.serving.resource;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.http.MlcycleExceptionMapper;
import dev.mlcycle.serving.batch.Rejection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jboss.logging.Logger;

/**
 * Turns a failed inference into its HTTP answer, the same body as the one exception mapper ({@link MlcycleExceptionMapper}): {@code
 * {"error": ..., "reason": ..., "message": ...}} with the status of its reason, and {@code Retry-After} on a 429.
 * Anything that is not an {@link MlcycleException} is a bug: it is logged and answered 500 without its details.
 */
@ApplicationScoped
public class Errors {
    private static final Logger LOG = Logger.getLogger(Errors.class);

    /** The response for a failure (possibly wrapped in a {@link CompletionException}). */
    public Response response(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        MlcycleException e;
        if (t instanceof MlcycleException m) {
            e = m;
        } else {
            LOG.error("inference failed unexpectedly", t);
            e = new MlcycleException(
                    Reason.INTERNAL, "internal error: " + t.getClass().getSimpleName());
        }
        Response.ResponseBuilder b = Response.status(e.reason().httpStatus())
                .type(MediaType.APPLICATION_JSON)
                .entity(MlcycleExceptionMapper.body(e));
        if (e.reason() == Reason.OVERLOADED) {
            b.header(
                    "Retry-After",
                    Rejection.retryAfter(e)
                            .map(d -> Math.max(1, (d.toMillis() + 999) / 1000))
                            .orElse(1L));
        }
        return b.build();
    }
}
