package dev.mlcycle.training.data;

import static dev.mlcycle.training.data.FrameFixtures.CREDIT;
import static dev.mlcycle.training.data.FrameFixtures.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.datagen.model.CreditExamples;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameBuilderTest {

    @Test
    void ordersRowsByEventTimeThenIdWhateverTheOrderAdded() {
        FrameBuilder b = new FrameBuilder(CREDIT);
        b.add("b", 2_000_000, values(CreditExamples.features(2)), "no");
        b.add("z", 1_000_000, values(CreditExamples.features(1)), "yes");
        b.add("a", 2_000_000, values(CreditExamples.features(3)), "no");

        LabelledFrame frame = b.build();

        assertThat(frame.size()).isEqualTo(3);
        assertThat(frame.id(0)).isEqualTo("z");
        assertThat(frame.id(1)).isEqualTo("a");
        assertThat(frame.id(2)).isEqualTo("b");
        assertThat(frame.labelCategory(0)).isEqualTo("yes");
        assertThat(frame.row(1).get("income")).isEqualTo(40_003.0);
    }

    @Test
    void keepsTheLatestRowOfADuplicatedEventIdAndCountsIt() {
        FrameBuilder b = new FrameBuilder(CREDIT);
        b.add("e", 5_000_000, values(CreditExamples.features(5)), "yes");
        b.add("e", 1_000_000, values(CreditExamples.features(1)), "no");
        b.add("f", 3_000_000, values(CreditExamples.features(3)), "no");

        LabelledFrame frame = b.build();

        assertThat(b.duplicates()).isEqualTo(1);
        assertThat(frame.size()).isEqualTo(2);
        assertThat(frame.id(1)).isEqualTo("e");
        assertThat(frame.labelCategory(1)).isEqualTo("yes");
        assertThat(frame.eventTimeMicros(1)).isEqualTo(5_000_000);
    }

    @Test
    void givesRowsInTheShapeOfAFeatureEventWithMissingValuesAbsent() {
        Map<String, Object> features = CreditExamples.features(7); // months_employed is null
        FrameBuilder b = new FrameBuilder(CREDIT);
        b.add("e", 0, values(features), "no");

        Map<String, Object> row = b.build().row(0);

        assertThat(row).doesNotContainKey("months_employed");
        assertThat(row.get("months_employed")).isNull();
        assertThat(row.get("age")).isEqualTo(30.0);
        assertThat(row.get("region")).isEqualTo(features.get("region"));
        assertThat(row.get("has_mortgage")).isEqualTo(false);
        assertThat(row).hasSize(features.size() - 1);
    }

    @Test
    void buildsAnEmptyFrame() {
        assertThat(new FrameBuilder(CREDIT).build().size()).isZero();
    }

    @Test
    void growsPastItsFirstCapacity() {
        LabelledFrame frame = FrameFixtures.credit(5000).build();

        assertThat(frame.size()).isEqualTo(5000);
        assertThat(frame.id(4999)).isEqualTo("e-4999");
        assertThat(frame.row(4999).get("income")).isEqualTo(44_999.0);
    }
}
