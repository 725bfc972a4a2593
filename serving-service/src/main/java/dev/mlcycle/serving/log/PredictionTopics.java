package dev.mlcycle.serving.log;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.TopicSpec;
import dev.mlcycle.contracts.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Makes sure the prediction topic of a model ({@link Topics#modelTopic(String)}: {@code mlcycle.predictions.<model>},
 * 6 partitions, 7 days) exists before the first record of that model is sent, once per model. {@code mlcycle up}
 * cannot create these topics ahead: the models appear later. A broker's auto-creation is not relied on: it is off on
 * many production brokers and would give the topic the broker's default partitions and retention instead of the
 * contract's. The replication factor is the broker's default ({@code default.replication.factor}), so the same call
 * works on the local single broker and on a cluster.
 *
 * <p>Like the platform's topic provisioner, it waits until every partition's leader answers before the first send:
 * an idempotent producer whose first batch lands before that can stall on out-of-order sequence errors.
 */
final class PredictionTopics implements AutoCloseable {
    private final Admin admin;
    private final Duration timeout;
    private final Set<String> ready = ConcurrentHashMap.newKeySet();

    PredictionTopics(String bootstrap, Duration timeout) {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "mlcycle-serving-prediction-topics");
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        this.admin = Admin.create(config);
        this.timeout = timeout;
    }

    /**
     * Creates the model's prediction topic unless an earlier call saw it ready; returns at once after the first success.
     *
     * @throws MlcycleException {@link Reason#UNAVAILABLE} when the broker does not answer or refuses the topic in time
     */
    void ensure(String model) {
        String topic = Topics.predictions(model);
        if (ready.contains(topic)) {
            return;
        }
        TopicSpec spec = Topics.modelTopic(model);
        try {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!existing.contains(topic)) {
                NewTopic wanted =
                        new NewTopic(topic, Optional.of(spec.partitions()), Optional.empty()).configs(spec.configs());
                try {
                    admin.createTopics(List.of(wanted)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            awaitLeaders(topic);
            ready.add(topic);
        } catch (ExecutionException e) {
            throw new MlcycleException(
                    Reason.UNAVAILABLE, "cannot create the prediction topic " + topic + ": " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new MlcycleException(
                    Reason.UNAVAILABLE,
                    "cannot create the prediction topic " + topic + ": no answer from Kafka within "
                            + timeout.toMillis() + " ms",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlcycleException(Reason.UNAVAILABLE, "interrupted while creating " + topic, e);
        }
    }

    private void awaitLeaders(String topic) throws InterruptedException, TimeoutException, ExecutionException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                TopicDescription d = admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .get(topic);
                boolean leaders = d.partitions().stream()
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                if (leaders) {
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    d.partitions()
                            .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                    admin.listOffsets(latest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    return;
                }
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("no leaders for " + topic);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(1));
    }
}
