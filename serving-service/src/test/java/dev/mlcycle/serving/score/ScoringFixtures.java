package dev.mlcycle.serving.score;

import dev.mlcycle.contracts.Topics;
import dev.mlcycle.contracts.record.FeatureEvent;
import dev.mlcycle.contracts.record.LabelEvent;
import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.contracts.record.ModelRecord.Task;
import dev.mlcycle.contracts.record.OffsetRange;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.datagen.DataGenerator;
import dev.mlcycle.datagen.GeneratedRecord;
import dev.mlcycle.datagen.GeneratorOptions;
import dev.mlcycle.features.EncoderState;
import dev.mlcycle.features.FeatureEncoder;
import dev.mlcycle.lake.Lake;
import dev.mlcycle.lake.LakeTable;
import dev.mlcycle.lake.SourcePartition;
import dev.mlcycle.lake.TableKind;
import dev.mlcycle.lake.TableWriter;
import dev.mlcycle.lake.WriterOptions;
import dev.mlcycle.registry.Registry;
import dev.mlcycle.registry.bundle.BundleFiles;
import dev.mlcycle.registry.state.Registration;
import dev.mlcycle.registry.topic.RegistryOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.iceberg.data.Record;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Real data and a real model for batch scoring tests: generated credit events landed in a lake the way ingest lands
 * them (as training-service's GeneratedLake does), and a small logistic regression trained on generated rows and
 * registered through a real {@link Registry} on the broker (the approach of serving's TrainedModels; the lead
 * dedups).
 */
final class ScoringFixtures {
    private ScoringFixtures() {}

    /** Generated credit events (and their labels, for training). */
    record Generated(DatasetSpec spec, List<FeatureEvent> events, Map<String, String> labels) {}

    static Generated generate(int events, long seed) {
        DataGenerator generator = DataGenerator.create(
                GeneratorOptions.builder().events(events).seed(seed).build());
        List<FeatureEvent> rows = new ArrayList<>();
        Map<String, String> labels = new HashMap<>();
        while (generator.hasNext()) {
            GeneratedRecord r = generator.next();
            switch (r.kind()) {
                case EVENT -> rows.add(r.event());
                case LABEL -> {
                    LabelEvent l = r.label();
                    labels.put(l.id(), l.label().toString());
                }
                default -> {}
            }
        }
        return new Generated(generator.spec(), rows, labels);
    }

    /** Lands events (each changed by {@code change}) as one commit of {@code <dataset>.events}; its snapshot id. */
    static long land(Path lakeRoot, DatasetSpec spec, List<FeatureEvent> events, UnaryOperator<FeatureEvent> change) {
        try (Lake lake = Lake.open(lakeRoot)) {
            LakeTable table = lake.table(spec, TableKind.EVENTS);
            List<Record> rows = new ArrayList<>(events.size());
            for (FeatureEvent e : events) {
                rows.add(table.toRecord(change.apply(e)));
            }
            String topic = Topics.events(spec.name());
            long from = table.committedOffsets().getOrDefault(new SourcePartition(topic, 0), 0L);
            try (TableWriter w = table.writer(WriterOptions.defaults())) {
                return w.commit(w.write(rows), List.of(new OffsetRange(topic, 0, from, from + rows.size())))
                        .snapshotId();
            }
        }
    }

    /** A trained model and the encoder state it was trained with. */
    record Trained(Model<Label> model, EncoderState encoder) {}

    /** Trains a logistic regression on the labelled rows of {@code data}. */
    static Trained train(Generated data) {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (FeatureEvent e : data.events()) {
            String label = data.labels().get(e.id());
            if (label != null) {
                rows.add(e.features());
                labels.add(label);
            }
        }
        EncoderState state = FeatureEncoder.fit(data.spec(), rows);
        FeatureEncoder encoder = FeatureEncoder.of(state);
        MutableDataset<Label> dataset = new MutableDataset<>(
                new SimpleDataSourceProvenance("score-fixture", new LabelFactory()), new LabelFactory());
        for (int i = 0; i < rows.size(); i++) {
            Example<Label> ex = encoder.example(rows.get(i), new Label(labels.get(i)));
            dataset.add(ex);
        }
        return new Trained(new LogisticRegressionTrainer().train(dataset), state);
    }

    /** Trains a logistic regression on the labelled rows and registers it as the champion; the record. */
    static ModelRecord trainAndRegister(String bootstrap, Path registryRoot, String model, Generated data) {
        Trained t = train(data);
        Model<Label> trained = t.model();
        EncoderState state = t.encoder();
        RegistryOptions options = RegistryOptions.defaults()
                .withTransactionalId("score-it-" + UUID.randomUUID())
                .withTimeout(Duration.ofSeconds(30));
        try (Registry registry = Registry.open(bootstrap, registryRoot, options)) {
            return registry.register(
                    Registration.of(model, data.spec().name(), Task.CLASSIFICATION, "run-" + UUID.randomUUID(), "test")
                            .withAlias(ModelRecord.CHAMPION),
                    dir -> {
                        trained.serializeToFile(dir.resolve(BundleFiles.MODEL));
                        Files.writeString(dir.resolve(BundleFiles.ENCODER), state.toJson());
                        Files.writeString(dir.resolve(BundleFiles.MODEL_CARD), "{}");
                        Files.writeString(dir.resolve(BundleFiles.REFERENCE_PROFILE), "{}");
                    });
        }
    }
}
