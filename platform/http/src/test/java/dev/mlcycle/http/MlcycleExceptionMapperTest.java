package dev.mlcycle.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import org.junit.jupiter.api.Test;

/**
 * The body every service answers an error with. (That a service really uses the mapper is checked by the services'
 * own HTTP tests: ingest's {@code IngestResourceTest}, training's {@code WebhookTokenIT}.)
 */
class MlcycleExceptionMapperTest {
    @Test
    void bodyCarriesTheMessageAsErrorThenTheReasonAndTheMessage() {
        MlcycleException e =
                new MlcycleException(Reason.INVALID_ARGUMENT, "input \"income\", row 3: expected FP64, got BYTES");

        assertThat(MlcycleExceptionMapper.body(e))
                .containsExactly(
                        org.assertj.core.api.Assertions.entry(
                                "error", "input \"income\", row 3: expected FP64, got BYTES"),
                        org.assertj.core.api.Assertions.entry("reason", "INVALID_ARGUMENT"),
                        org.assertj.core.api.Assertions.entry(
                                "message", "input \"income\", row 3: expected FP64, got BYTES"));
    }

    @Test
    void anErrorWithoutAMessageSaysItsReason() {
        assertThat(MlcycleExceptionMapper.body(new MlcycleException(Reason.OVERLOADED, null)))
                .containsEntry("error", "OVERLOADED")
                .containsEntry("message", "OVERLOADED");
    }
}
