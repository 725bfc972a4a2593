package dev.mlcycle.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class TimeSplitTest {

    @Test
    void cutsOldestToTrainAndNewestToTest() {
        TimeSplit s = TimeSplit.of(1000, 0.7, 0.15);

        assertThat(s.trainRows()).isEqualTo(700);
        assertThat(s.validationRows()).isEqualTo(150);
        assertThat(s.testRows()).isEqualTo(150);

        LabelledFrame frame = FrameFixtures.credit(1000).build();
        assertThat(s.validationFrom(frame)).isEqualTo(frame.eventTime(700));
        assertThat(s.testFrom(frame).isAfter(s.validationFrom(frame))).isTrue();
    }

    @Test
    void refusesSharesThatLeaveNoTestSplit() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TimeSplit.of(1000, 0.8, 0.2))
                .withMessageContaining("leave nothing for the test split");
    }

    @Test
    void refusesAnEmptySplit() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TimeSplit.of(2, 0.4, 0.1))
                .withMessageContaining("leaves a split empty");
    }

    @Test
    void allowsNoValidationSplit() {
        TimeSplit s = TimeSplit.of(10, 0.8, 0);

        assertThat(s.validationRows()).isZero();
        assertThat(s.testRows()).isEqualTo(2);
    }
}
