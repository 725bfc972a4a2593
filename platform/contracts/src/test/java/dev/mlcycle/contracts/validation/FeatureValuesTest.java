package dev.mlcycle.contracts.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.contracts.spec.DatasetCatalog;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.FeatureSpec;
import java.math.BigInteger;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Typed values get the same verdicts and messages as ingest gives the same JSON values. */
class FeatureValuesTest {
    private final DatasetSpec credit = new DatasetCatalog(Path.of("target", "none")).load("credit");
    private final FeatureSpec age = credit.feature("age").orElseThrow();
    private final FeatureSpec income = credit.feature("income").orElseThrow();
    private final FeatureSpec region = credit.feature("region").orElseThrow();
    private final Object[] out = new Object[1];

    @Test
    void acceptsValidValuesTypedAsTheFeatureStoresThem() {
        assertThat(FeatureValues.feature(age, 42L, out)).isNull();
        assertThat(out[0]).isEqualTo(42L);
        assertThat(FeatureValues.feature(age, 42.0, out)).isNull();
        assertThat(out[0]).isEqualTo(42L);
        assertThat(FeatureValues.feature(income, 52000L, out)).isNull();
        assertThat(out[0]).isEqualTo(52000.0);
        assertThat(FeatureValues.feature(income, null, out)).isNull();
        assertThat(FeatureValues.feature(income, FeatureValues.ABSENT, out)).isNull();
        assertThat(out[0]).isNull();
    }

    @Test
    void rejectsAsIngestDoesWithTheSameReasons() {
        assertThat(FeatureValues.feature(age, 7L, out).reason()).isEqualTo(RejectReason.OUT_OF_RANGE);
        assertThat(FeatureValues.feature(age, 7L, out).detail())
                .isEqualTo("field \"age\": expected an integer in [18, 100], got the number 7");
        assertThat(FeatureValues.feature(age, 2.5, out).reason()).isEqualTo(RejectReason.WRONG_TYPE);
        assertThat(FeatureValues.feature(age, BigInteger.TWO.pow(70), out).reason())
                .isEqualTo(RejectReason.OUT_OF_RANGE);
        assertThat(FeatureValues.feature(age, null, out).reason()).isEqualTo(RejectReason.NULL_VALUE);
        assertThat(FeatureValues.feature(age, FeatureValues.ABSENT, out).reason())
                .isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(FeatureValues.feature(income, Double.NaN, out).reason()).isEqualTo(RejectReason.OUT_OF_RANGE);
        assertThat(FeatureValues.feature(region, "mars", out).reason()).isEqualTo(RejectReason.UNKNOWN_CATEGORY);
        assertThat(FeatureValues.feature(region, true, out).reason()).isEqualTo(RejectReason.WRONG_TYPE);
        assertThat(FeatureValues.identifier("event_id", " ", out).reason()).isEqualTo(RejectReason.INVALID_VALUE);
        assertThat(FeatureValues.identifier("event_id", "e-1", out)).isNull();
    }
}
