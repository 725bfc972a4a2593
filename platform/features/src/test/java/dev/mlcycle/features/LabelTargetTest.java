package dev.mlcycle.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.spec.FeatureType;
import dev.mlcycle.contracts.spec.LabelSpec;
import dev.mlcycle.contracts.spec.LabelSpec.Arrival;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tribuo.Output;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

class LabelTargetTest {
    private static final LabelSpec DEFAULT = Fixtures.credit().label();
    private static final LabelSpec AMOUNT =
            new LabelSpec("amount", FeatureType.NUMERIC, List.of(), 0.0, null, Arrival.INLINE);

    @Test
    void categoricalLabelIsClassificationWithALabelFactory() {
        LabelTarget<?> target = LabelTarget.of(DEFAULT);
        assertThat(target.isClassification()).isTrue();
        assertThat(target.factory()).isInstanceOf(LabelFactory.class);
        assertThat(target.unknown()).isEqualTo(LabelFactory.UNKNOWN_LABEL);
        assertThat(target.output("yes")).isEqualTo(new Label("yes"));
        assertThat(target.output("no")).isEqualTo(new Label("no"));
    }

    @Test
    void numericLabelIsRegressionNamedAfterTheLabel() {
        LabelTarget<?> target = LabelTarget.of(AMOUNT);
        assertThat(target.isClassification()).isFalse();
        assertThat(target.factory()).isInstanceOf(RegressionFactory.class);
        assertThat(target.unknown()).isEqualTo(RegressionFactory.UNKNOWN_REGRESSOR);
        Regressor r = LabelTarget.regression(AMOUNT).output(12.5);
        assertThat(r.getNames()).containsExactly("amount");
        assertThat(r.getValues()).containsExactly(12.5);
        assertThat(LabelTarget.regression(AMOUNT).output(3L).getValues()).containsExactly(3.0);
    }

    @Test
    void refusesAClassThatIsNotDeclared() {
        assertMismatch(
                () -> LabelTarget.of(DEFAULT).output("maybe"),
                "label \"default\": expected one of [no, yes], got the string \"maybe\"");
        assertMismatch(
                () -> LabelTarget.of(DEFAULT).output("YES"),
                "label \"default\": expected one of [no, yes], got the string \"YES\"");
    }

    @Test
    void refusesAMissingLabel() {
        assertMismatch(
                () -> LabelTarget.of(DEFAULT).output(null),
                "label \"default\": expected one of [no, yes], got nothing");
        assertMismatch(
                () -> LabelTarget.of(AMOUNT).output(null), "label \"amount\": expected a finite number, got nothing");
    }

    @Test
    void refusesValuesOfTheWrongType() {
        assertMismatch(
                () -> LabelTarget.of(DEFAULT).output(true),
                "label \"default\": expected one of [no, yes], got the boolean true");
        assertMismatch(
                () -> LabelTarget.of(AMOUNT).output("12.5"),
                "label \"amount\": expected a finite number, got the string \"12.5\"");
    }

    @Test
    void refusesANonFiniteRegressionTarget() {
        assertMismatch(
                () -> LabelTarget.of(AMOUNT).output(Double.NaN),
                "label \"amount\": expected a finite number, got the number NaN (Double)");
        assertMismatch(
                () -> LabelTarget.of(AMOUNT).output(Double.NEGATIVE_INFINITY),
                "label \"amount\": expected a finite number, got the number -Infinity (Double)");
    }

    @Test
    void refusesTheWrongKindOfTarget() {
        assertThatThrownBy(() -> LabelTarget.regression(DEFAULT))
                .isInstanceOfSatisfying(
                        MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT))
                .hasMessage("label \"default\" is categorical, expected a numeric label for regression");
        assertThatThrownBy(() -> LabelTarget.classification(AMOUNT))
                .hasMessage("label \"amount\" is numeric, expected a categorical label for classification");
    }

    @Test
    void refusesAClassificationLabelWithoutClasses() {
        LabelSpec noClasses = new LabelSpec("y", FeatureType.CATEGORICAL, List.of(), null, null, Arrival.INLINE);
        assertThatThrownBy(() -> LabelTarget.of(noClasses))
                .hasMessage("label \"y\" declares no classes; expected its values in the spec");
    }

    @Test
    void genericCodeWorksForBothKinds() {
        assertThat(firstOutputName(LabelTarget.of(DEFAULT), "no")).isEqualTo("no");
        assertThat(firstOutputName(LabelTarget.of(AMOUNT), 4.0)).isEqualTo("amount=4.0");
    }

    private static <T extends Output<T>> String firstOutputName(LabelTarget<T> target, Object value) {
        T out = target.output(value);
        return out.getSerializableForm(false);
    }

    private static void assertMismatch(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SCHEMA_MISMATCH))
                .hasMessage(message);
    }
}
