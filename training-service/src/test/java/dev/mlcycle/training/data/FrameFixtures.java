package dev.mlcycle.training.data;

import dev.mlcycle.contracts.spec.DatasetCatalog;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.datagen.model.CreditExamples;
import java.nio.file.Path;
import java.util.Map;

/** Credit frames for tests, from datagen's example rows. */
final class FrameFixtures {
    static final DatasetSpec CREDIT = new DatasetCatalog(Path.of("target/no-such-data-dir")).load("credit");

    private FrameFixtures() {}

    /** Values of a credit feature map in spec order. */
    static Object[] values(Map<String, Object> features) {
        Object[] values = new Object[CREDIT.features().size()];
        for (int f = 0; f < values.length; f++) {
            values[f] = features.get(CREDIT.features().get(f).name());
        }
        return values;
    }

    /** n credit rows, event i at second i, label "yes" every fifth row. */
    static FrameBuilder credit(int n) {
        FrameBuilder b = new FrameBuilder(CREDIT);
        for (int i = 0; i < n; i++) {
            b.add("e-" + i, i * 1_000_000L, values(CreditExamples.features(i)), i % 5 == 0 ? "yes" : "no");
        }
        return b;
    }
}
