package dev.mlcycle.topics;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Reads a topic to its end and stops: every record from where the reader stands up to the end offsets seen when the
 * read began, so it never waits for records written after that. No consumer group: it assigns and seeks.
 *
 * <ul>
 *   <li>{@link #toEnd(String, Bound, java.util.function.Consumer)} reads a topic from its beginning the first time
 *       and, on a reader kept open, from where the previous read stopped each later time (a partition added since
 *       from its beginning): what a dead-letter index or the registry's writer need to stay current.
 *   <li>{@link #range} reads given offsets {@code [from, to)}, partition by partition in partition order: what the
 *       command line needs to print a topic in order, or read again only the records it picked.
 * </ul>
 *
 * <p>Every read has a {@link Bound}: a time the whole read must finish within, or a time the reader may go without
 * progress. Past it the read fails with {@link Reason#UNAVAILABLE}, naming the partition and the offset it stood at.
 * Records are handed over on the caller's thread, per partition in offset order. Not thread-safe (a Kafka consumer
 * is not). To keep reading as records arrive, use {@link TopicFollower}.
 */
public final class TopicReplay implements AutoCloseable {
    /** How long one poll waits; short, so that a bound is noticed soon. */
    private static final Duration POLL = Duration.ofMillis(200);

    private final Consumer<byte[], byte[]> consumer;
    private final boolean owned;
    /** Per partition read by {@link #toEnd}, the next offset not yet handed over: where the next read resumes. */
    private final Map<TopicPartition, Long> next = new HashMap<>();

    /**
     * How long a read may take.
     *
     * @param timeout the time
     * @param stall true: the time the reader may go without moving forward; false: the time the whole read may take
     */
    public record Bound(Duration timeout, boolean stall) {
        public Bound {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new MlcycleException(Reason.INVALID_ARGUMENT, "read bound: expected > 0, got " + timeout);
            }
        }

        /** The whole read must finish within {@code timeout}. */
        public static Bound within(Duration timeout) {
            return new Bound(timeout, false);
        }

        /** The read fails once it has not moved forward for {@code timeout}; it may take as long as it moves. */
        public static Bound stallAfter(Duration timeout) {
            return new Bound(timeout, true);
        }
    }

    private TopicReplay(Consumer<byte[], byte[]> consumer, boolean owned) {
        this.consumer = consumer;
        this.owned = owned;
    }

    /**
     * A reader with its own consumer, closed by {@link #close()}.
     *
     * @param consumerProperties byte-array deserializers and no group id; read-committed where aborted writes must
     *     not be seen
     */
    public static TopicReplay open(Properties consumerProperties) {
        return new TopicReplay(new KafkaConsumer<>(consumerProperties), true);
    }

    /** A reader over a consumer the caller keeps (and closes); {@link #close()} leaves it open. */
    public static TopicReplay over(Consumer<byte[], byte[]> consumer) {
        return new TopicReplay(Objects.requireNonNull(consumer, "consumer"), false);
    }

    /** The consumer this reader reads with. */
    public Consumer<byte[], byte[]> consumer() {
        return consumer;
    }

    /**
     * A topic's partitions in partition order; empty if the topic does not exist.
     *
     * @throws MlcycleException {@link Reason#UNAVAILABLE} if Kafka does not answer within {@code timeout}
     */
    public Optional<List<TopicPartition>> partitions(String topic, Duration timeout) {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic, timeout);
        } catch (TimeoutException e) {
            throw new MlcycleException(
                    Reason.UNAVAILABLE,
                    "no answer from Kafka for the partitions of " + topic + " within " + timeout.toMillis() + " ms",
                    e);
        }
        if (infos == null || infos.isEmpty()) {
            return Optional.empty();
        }
        List<TopicPartition> parts = new ArrayList<>();
        infos.forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
        parts.sort(Comparator.comparingInt(TopicPartition::partition));
        return Optional.of(List.copyOf(parts));
    }

    /**
     * Reads every partition of {@code topic} up to the end offsets it has now (see {@link #toEnd(Collection, Bound,
     * java.util.function.Consumer)}).
     *
     * @return false if the topic does not exist (nothing was read)
     */
    public boolean toEnd(String topic, Bound bound, java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Optional<List<TopicPartition>> parts = partitions(topic, bound.timeout());
        if (parts.isEmpty()) {
            return false;
        }
        toEnd(parts.get(), bound, each);
        return true;
    }

    /**
     * Reads these partitions from where this reader's last read of them stopped (from their beginning if it never read
     * them) up to their end offsets as of now (for a read-committed consumer, the last stable offset), handing every
     * record below those ends to {@code each}.
     *
     * @throws MlcycleException {@link Reason#UNAVAILABLE} if the bound is passed or Kafka does not answer
     */
    public void toEnd(
            Collection<TopicPartition> partitions,
            Bound bound,
            java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each) {
        // Assigned first: a read-committed consumer learns the last stable offset only of partitions it has.
        consumer.assign(List.copyOf(partitions));
        Map<TopicPartition, Long> end = endOffsets(partitions, bound.timeout());
        Map<TopicPartition, Long> from = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            from.put(tp, next.get(tp));
        }
        read(from, end, bound, each, next);
    }

    /**
     * Reads each partition in turn, in the order of {@code from}'s keys, from its offset in {@code from} up to (not
     * including) its offset in {@code to}; a partition missing from {@code to} is not read. Leaves the consumer with
     * nothing assigned.
     *
     * @throws MlcycleException {@link Reason#UNAVAILABLE} if the bound is passed (for {@link Bound#within}, by the
     *     whole read) or Kafka does not answer
     */
    public void range(
            Map<TopicPartition, Long> from,
            Map<TopicPartition, Long> to,
            Bound bound,
            java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each) {
        long deadline = System.nanoTime() + bound.timeout().toNanos();
        try {
            for (Map.Entry<TopicPartition, Long> e : from.entrySet()) {
                Long stop = to.get(e.getKey());
                if (stop == null || stop <= e.getValue()) {
                    continue;
                }
                Bound b = bound.stall() ? bound : Bound.within(atLeast1ms(remaining(deadline)));
                Map<TopicPartition, Long> start = new HashMap<>();
                start.put(e.getKey(), e.getValue());
                read(start, Map.of(e.getKey(), stop), b, each, new HashMap<>());
            }
        } finally {
            consumer.assign(List.of());
        }
    }

    /**
     * The end offsets of these partitions: the offset the next record of each will get, as this reader's consumer
     * sees it (the last stable offset under read-committed).
     *
     * @throws MlcycleException {@link Reason#UNAVAILABLE} if Kafka does not answer within {@code timeout}
     */
    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions, Duration timeout) {
        try {
            return consumer.endOffsets(partitions, timeout);
        } catch (TimeoutException e) {
            throw new MlcycleException(
                    Reason.UNAVAILABLE,
                    "no answer from Kafka for the end offsets of " + partitions + " within " + timeout.toMillis()
                            + " ms",
                    e);
        }
    }

    /**
     * The core: assigns the partitions of {@code from}, seeks each to its offset (null: its beginning), polls until
     * every one has reached its offset in {@code end}, hands over the records below it and leaves in {@code next}
     * where each stopped.
     */
    private void read(
            Map<TopicPartition, Long> from,
            Map<TopicPartition, Long> end,
            Bound bound,
            java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each,
            Map<TopicPartition, Long> next) {
        List<TopicPartition> parts = List.copyOf(from.keySet());
        consumer.assign(parts);
        consumer.resume(parts);
        List<TopicPartition> pending = new ArrayList<>();
        for (TopicPartition tp : parts) {
            Long at = from.get(tp);
            if (at == null) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, at);
            }
            pending.add(tp);
        }
        long limit = bound.timeout().toNanos();
        long deadline = System.nanoTime() + limit;
        Map<TopicPartition, Long> position = new HashMap<>();
        while (true) {
            boolean moved = false;
            for (java.util.Iterator<TopicPartition> it = pending.iterator(); it.hasNext(); ) {
                TopicPartition tp = it.next();
                long stop = end.getOrDefault(tp, 0L);
                long p = position(tp, bound, deadline, stop);
                Long before = position.put(tp, p);
                moved |= before == null || p > before;
                if (p >= stop) {
                    next.put(tp, stop);
                    consumer.pause(List.of(tp));
                    it.remove();
                } else {
                    next.put(tp, p);
                }
            }
            if (pending.isEmpty()) {
                return;
            }
            if (moved && bound.stall()) {
                deadline = System.nanoTime() + limit;
            }
            if (System.nanoTime() - deadline >= 0) {
                TopicPartition behind = pending.get(0);
                throw new MlcycleException(
                        Reason.UNAVAILABLE,
                        (bound.stall()
                                ? "reading " + behind + " stalled at offset " + position.get(behind) + " of "
                                        + end.get(behind) + " for "
                                        + bound.timeout().toMillis() + " ms"
                                : "cannot read " + behind + " to its end (offset " + end.get(behind) + ") within "
                                        + bound.timeout().toMillis() + " ms; it is at offset "
                                        + position.get(behind)));
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(min(POLL, remaining(deadline)))) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                Long stop = end.get(tp);
                if (stop != null && r.offset() < stop) {
                    each.accept(r);
                }
            }
        }
    }

    /** Where the consumer stands in a partition; a partition whose position is not known yet counts as not moved. */
    private long position(TopicPartition tp, Bound bound, long deadline, long stop) {
        try {
            return consumer.position(tp, atLeast1ms(bound.stall() ? bound.timeout() : remaining(deadline)));
        } catch (TimeoutException e) {
            throw new MlcycleException(
                    Reason.UNAVAILABLE,
                    "no answer from Kafka for the position of " + tp + " (reading to offset " + stop + ") within "
                            + bound.timeout().toMillis() + " ms",
                    e);
        }
    }

    private static Duration remaining(long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    private static Duration atLeast1ms(Duration d) {
        return d.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : d;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Closes the consumer if this reader opened it. */
    @Override
    public void close() {
        if (owned) {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }
}
