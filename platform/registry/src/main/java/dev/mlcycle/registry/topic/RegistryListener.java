package dev.mlcycle.registry.topic;

import dev.mlcycle.contracts.record.ModelRecord;
import java.util.Map;

/**
 * Told by a {@link RegistryFollower} about the registry: once the whole state when the follower has
 * read the topic to the end it saw at start, then every change after that, in topic order. Called on
 * the follower's thread, one call at a time; an exception it throws is logged and the follower goes on.
 */
public interface RegistryListener {
    /**
     * The follower has caught up: {@code records} is every model's latest record at that point. Called
     * once, before any {@link #updated} or {@link #deleted}.
     */
    default void caughtUp(Map<String, ModelRecord> records) {}

    /** A model's record changed (a version registered, an alias moved, ...): this is its whole new state. */
    void updated(ModelRecord record);

    /** A model was removed from the registry (a tombstone on the compacted topic). */
    default void deleted(String name) {}
}
