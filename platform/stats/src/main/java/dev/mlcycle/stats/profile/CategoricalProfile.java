package dev.mlcycle.stats.profile;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The profile of a categorical column (booleans as the categories {@code "false"} and {@code
 * "true"}), or of a classifier's predicted classes: the frozen category list, a count for each, and
 * the missing count. Monitoring compares live counts over the same list; a live category not in it is
 * unseen ({@link #indexOf} is -1).
 *
 * <p>The category list is the known categories first (a dataset spec's values, a model's classes), in
 * their order, then any other category that occurred, in {@link String#compareTo} order. A known
 * category that never occurred stays, with count 0.
 *
 * @param count the number of non-missing values, the sum of {@code counts}
 * @param missing the number of missing values
 * @param categories the frozen category list, unique, non-null
 * @param counts the count of each category, aligned with {@code categories}
 */
public record CategoricalProfile(long count, long missing, List<String> categories, long[] counts)
        implements FeatureProfile {

    public CategoricalProfile {
        if (missing < 0) {
            throw new IllegalArgumentException("field \"missing\": expected >= 0, got " + missing);
        }
        if (categories == null) {
            throw new IllegalArgumentException("missing field \"categories\"");
        }
        if (counts == null) {
            throw new IllegalArgumentException("missing field \"counts\"");
        }
        categories = List.copyOf(categories); // refuses null names
        counts = counts.clone();
        if (new HashSet<>(categories).size() != categories.size()) {
            throw new IllegalArgumentException("field \"categories\": expected unique names, got " + categories);
        }
        if (counts.length != categories.size()) {
            throw new IllegalArgumentException("field \"counts\": expected " + categories.size()
                    + " counts (one per category), got " + counts.length);
        }
        long sum = 0;
        for (int j = 0; j < counts.length; j++) {
            if (counts[j] < 0) {
                throw new IllegalArgumentException("field \"counts[" + j + "]\": expected >= 0, got " + counts[j]);
            }
            sum += counts[j];
        }
        if (sum != count) {
            throw new IllegalArgumentException(
                    "field \"count\": expected the sum of the category counts " + sum + ", got " + count);
        }
    }

    /**
     * Profiles category counts with no known list: the categories are the keys, in {@link
     * String#compareTo} order.
     *
     * @param counts the count of each category, each 0 or more
     * @param missing the number of missing values, 0 or more
     * @throws MlcycleException INVALID_ARGUMENT for a null category, a null or negative count, or a
     *     negative missing count
     */
    public static CategoricalProfile of(Map<String, Long> counts, long missing) {
        return of(counts, missing, List.of());
    }

    /**
     * Profiles category counts against a known category list.
     *
     * @param counts the count of each category that occurred (a known category may be left out: its
     *     count is 0)
     * @param missing the number of missing values, 0 or more
     * @param known the known categories in order, unique (a dataset spec's values, a model's classes)
     * @throws MlcycleException INVALID_ARGUMENT for a null category, a null or negative count, a
     *     negative missing count, or a duplicate known category
     */
    public static CategoricalProfile of(Map<String, Long> counts, long missing, List<String> known) {
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(known, "known");
        if (missing < 0) {
            throw invalid("missing: expected 0 or more, got " + missing);
        }
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (int j = 0; j < known.size(); j++) {
            String name = known.get(j);
            if (name == null) {
                throw invalid("known[" + j + "]: expected a category name, got null");
            }
            if (ordered.put(name, 0L) != null) {
                throw invalid("known[" + j + "]: duplicate category \"" + name + "\"");
            }
        }
        List<String> others = new ArrayList<>();
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            if (e.getKey() == null) {
                throw invalid("counts: expected category names, got a null key");
            }
            if (e.getValue() == null || e.getValue() < 0) {
                throw invalid("counts[\"" + e.getKey() + "\"]: expected a count of 0 or more, got " + e.getValue());
            }
            if (!ordered.containsKey(e.getKey())) {
                others.add(e.getKey());
            }
        }
        Collections.sort(others);
        others.forEach(name -> ordered.put(name, 0L));
        counts.forEach(ordered::put);
        List<String> categories = new ArrayList<>(ordered.keySet());
        long[] values = new long[categories.size()];
        long total = 0;
        for (int j = 0; j < values.length; j++) {
            values[j] = ordered.get(categories.get(j));
            total += values[j];
        }
        return new CategoricalProfile(total, missing, categories, values);
    }

    /** The position of a category in {@link #categories()}, or -1 for a category unseen in training. */
    public int indexOf(String category) {
        return categories.indexOf(category);
    }

    /** The count of a category, 0 when it is not in the list. */
    public long countOf(String category) {
        int j = indexOf(category);
        return j < 0 ? 0 : counts[j];
    }

    /** Category counts by name, in category order. */
    public Map<String, Long> countsByCategory() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int j = 0; j < counts.length; j++) {
            m.put(categories.get(j), counts[j]);
        }
        return Collections.unmodifiableMap(m);
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CategoricalProfile p
                && count == p.count
                && missing == p.missing
                && categories.equals(p.categories)
                && Arrays.equals(counts, p.counts);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(count, missing, categories) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "CategoricalProfile[count=" + count + ", missing=" + missing + ", counts=" + countsByCategory() + "]";
    }

    private static MlcycleException invalid(String message) {
        return new MlcycleException(Reason.INVALID_ARGUMENT, message);
    }
}
