package dev.mlcycle.registry.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "credit-default", "credit_default_2", "m-1-2-3"})
    void acceptsLowerCaseNamesWithDigitsDashesAndUnderscores(String name) {
        assertThat(ModelNames.require(name)).isEqualTo(name);
        assertThat(ModelNames.isValid(name)).isTrue();
    }

    @Test
    void acceptsSixtyThreeCharactersAndRefusesSixtyFour() {
        String longest = "m" + "x".repeat(62);
        assertThat(ModelNames.require(longest)).hasSize(63);
        assertThatThrownBy(() -> ModelNames.require(longest + "x"))
                .isInstanceOf(MlcycleException.class)
                .hasMessageContaining("is 64 characters long")
                .hasMessageContaining("expected 1 to 63 characters");
    }

    @Test
    void refusesMissingAndEmptyNames() {
        assertRefused(null, "model name (none): missing");
        assertRefused("", "model name \"\": empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../etc", "a..b", "credit/../../etc"})
    void refusesDotDot(String name) {
        assertRefused(name, "contains \"..\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "/abs", "a\\b", "c:\\x"})
    void refusesPathSeparators(String name) {
        assertRefused(name, "contains a path separator");
    }

    @Test
    void refusesNulAndShowsItEscaped() {
        assertRefused("model\0.tribuo", "model name \"model\\u0000.tribuo\": contains a NUL character");
    }

    @Test
    void refusesLeadingDotAndLeadingDash() {
        assertRefused(".hidden", "starts with a dot");
        assertRefused(".staging", "starts with a dot");
        assertRefused("-rf", "starts with a dash");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Credit", "a b", "modèle", "1model", "_model", "a.b", "a\tb"})
    void refusesWhatThePatternDoesNotAllow(String name) {
        assertThat(ModelNames.isValid(name)).isFalse();
        assertThatThrownBy(() -> ModelNames.require(name))
                .isInstanceOf(MlcycleException.class)
                .hasMessageContaining("expected " + ModelNames.ALLOWED);
    }

    @Test
    void shortensAHugeNameInTheMessage() {
        String huge = "a".repeat(100_000);
        assertThatThrownBy(() -> ModelNames.require(huge))
                .hasMessageContaining("is 100000 characters long")
                .hasMessageContaining("a".repeat(80) + "...\"")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
    }

    private static void assertRefused(String name, String expected) {
        assertThat(ModelNames.isValid(name)).isFalse();
        assertThatThrownBy(() -> ModelNames.require(name))
                .isInstanceOfSatisfying(
                        MlcycleException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT))
                .hasMessageContaining(expected)
                .hasMessageContaining("expected 1 to 63 characters of lower-case letters");
    }
}
