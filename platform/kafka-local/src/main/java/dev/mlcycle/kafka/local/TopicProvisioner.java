package dev.mlcycle.kafka.local;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates the topics of {@link TopicSpec}s that do not exist yet. Existing topics are never changed. */
public final class TopicProvisioner {
    private TopicProvisioner() {}

    /**
     * Creates each missing topic with the spec's partitions and {@link TopicSpec#configs()}. A topic that
     * exists, or that another client creates meanwhile, is left alone, so calling this again is harmless.
     * Returns once every partition of the new topics has a leader, i.e. clients can use them at once.
     *
     * @param replicationFactor 1 on the local broker
     * @return the names of the topics this call created, in the order given
     * @throws MlcycleException {@link Reason#UNAVAILABLE} when the broker cannot be reached or refuses a topic
     */
    public static List<String> ensureTopics(
            Admin admin, Collection<TopicSpec> topics, short replicationFactor, Duration timeout) {
        Map<String, TopicSpec> wanted = new LinkedHashMap<>();
        for (TopicSpec spec : topics) {
            TopicSpec previous = wanted.putIfAbsent(spec.name(), spec);
            if (previous != null && !previous.equals(spec)) {
                throw new MlcycleException(
                        Reason.INVALID_ARGUMENT,
                        "topic " + spec.name() + " is asked for twice, differently: " + previous + " and " + spec);
            }
        }
        try {
            Set<String> existing = admin.listTopics(new ListTopicsOptions().timeoutMs(millis(timeout)))
                    .names()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (TopicSpec spec : wanted.values()) {
                if (!existing.contains(spec.name())) {
                    missing.add(
                            new NewTopic(spec.name(), spec.partitions(), replicationFactor).configs(spec.configs()));
                }
            }
            if (missing.isEmpty()) {
                return List.of();
            }
            CreateTopicsResult result =
                    admin.createTopics(missing, new CreateTopicsOptions().timeoutMs(millis(timeout)));
            List<String> created = new ArrayList<>();
            for (NewTopic topic : missing) {
                KafkaFuture<Void> future = result.values().get(topic.name());
                try {
                    future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    created.add(topic.name());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new MlcycleException(
                                Reason.UNAVAILABLE,
                                "cannot create topic " + topic.name() + " (" + topic.numPartitions() + " partitions, "
                                        + topic.configs() + "): " + e.getCause(),
                                e.getCause());
                    }
                }
            }
            awaitLeaders(admin, missing.stream().map(NewTopic::name).toList(), timeout);
            return List.copyOf(created);
        } catch (ExecutionException | TimeoutException e) {
            throw new MlcycleException(
                    Reason.UNAVAILABLE, "cannot list or create topics within " + timeout.toMillis() + " ms: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlcycleException(Reason.UNAVAILABLE, "interrupted while creating topics", e);
        }
    }

    /**
     * Waits until every partition of the topics has a leader as seen by the broker: the controller
     * acknowledges a creation before the broker's metadata has it, and a producer or describeTopics
     * right after would otherwise be told the topic is unknown.
     */
    private static void awaitLeaders(Admin admin, List<String> topics, Duration timeout)
            throws InterruptedException, TimeoutException {
        if (topics.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                Map<String, TopicDescription> described =
                        admin.describeTopics(topics).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                boolean ready = described.values().stream()
                        .flatMap(d -> d.partitions().stream())
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                if (ready && leadersServe(admin, described, timeout)) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new MlcycleException(
                            Reason.UNAVAILABLE, "cannot describe the new topics " + topics + ": " + e.getCause(), e);
                }
                last = e;
            }
            Thread.sleep(20);
        }
        throw new TimeoutException("topics " + topics + " created but without leaders after " + timeout.toMillis()
                + " ms" + (last == null ? "" : " (" + last.getCause() + ")"));
    }

    /**
     * Whether every partition's leader answers a list-offsets request. The broker's metadata names a
     * leader before its replica manager has taken the partition over; an idempotent producer whose
     * first batch lands in that gap gets NOT_LEADER_OR_FOLLOWER and, on some partitions, stalls on
     * out-of-order sequence errors until its batches expire.
     */
    private static boolean leadersServe(Admin admin, Map<String, TopicDescription> described, Duration timeout)
            throws InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        described.forEach((name, d) ->
                d.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        try {
            admin.listOffsets(latest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    private static int millis(Duration timeout) {
        return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }
}
