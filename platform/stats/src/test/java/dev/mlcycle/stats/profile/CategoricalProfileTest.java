package dev.mlcycle.stats.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CategoricalProfileTest {

    @Test
    void ordersCategoriesWithoutAKnownListByName() {
        Map<String, Long> counts = new HashMap<>(Map.of("west", 3L, "east", 5L, "north", 1L));
        CategoricalProfile p = CategoricalProfile.of(counts, 2);
        assertThat(p.categories()).containsExactly("east", "north", "west");
        assertThat(p.counts()).containsExactly(5, 1, 3);
        assertThat(p.count()).isEqualTo(9);
        assertThat(p.missing()).isEqualTo(2);
        assertThat(p.total()).isEqualTo(11);
    }

    @Test
    void putsKnownCategoriesFirstKeepsUnseenOnesAtZeroAndAppendsOthers() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("zeta", 1L);
        counts.put("south", 4L);
        counts.put("alpha", 2L);
        CategoricalProfile p = CategoricalProfile.of(counts, 0, List.of("north", "south"));
        assertThat(p.categories()).containsExactly("north", "south", "alpha", "zeta");
        assertThat(p.counts()).containsExactly(0, 4, 2, 1);
        assertThat(p.countsByCategory())
                .containsExactly(
                        Map.entry("north", 0L), Map.entry("south", 4L), Map.entry("alpha", 2L), Map.entry("zeta", 1L));
    }

    @Test
    void findsCategoriesAndReportsUnseenOnesAsMinusOne() {
        CategoricalProfile p = CategoricalProfile.of(Map.of("a", 2L, "b", 3L), 0);
        assertThat(p.indexOf("b")).isEqualTo(1);
        assertThat(p.indexOf("c")).isEqualTo(-1);
        assertThat(p.countOf("b")).isEqualTo(3);
        assertThat(p.countOf("c")).isZero();
    }

    @Test
    void describesAColumnWithNoValues() {
        CategoricalProfile p = CategoricalProfile.of(Map.of(), 5, List.of("x", "y"));
        assertThat(p.hasValues()).isFalse();
        assertThat(p.categories()).containsExactly("x", "y");
        assertThat(p.counts()).containsExactly(0, 0);
        assertThat(CategoricalProfile.of(Map.of(), 0).categories()).isEmpty();
    }

    @Test
    void rejectsNegativeOrNullCountsAndNullNames() {
        assertThatThrownBy(() -> CategoricalProfile.of(Map.of("a", -1L), 0))
                .isInstanceOf(MlcycleException.class)
                .hasMessageContaining("counts[\"a\"]: expected a count of 0 or more, got -1");
        Map<String, Long> nullKey = new HashMap<>();
        nullKey.put(null, 1L);
        assertThatThrownBy(() -> CategoricalProfile.of(nullKey, 0)).hasMessageContaining("got a null key");
        Map<String, Long> nullCount = new HashMap<>();
        nullCount.put("a", null);
        assertThatThrownBy(() -> CategoricalProfile.of(nullCount, 0)).hasMessageContaining("got null");
        assertThatThrownBy(() -> CategoricalProfile.of(Map.of(), -1)).hasMessageContaining("missing: expected 0");
        assertThatThrownBy(() -> CategoricalProfile.of(Map.of(), 0, List.of("a", "a")))
                .hasMessageContaining("known[1]: duplicate category \"a\"");
    }

    @Test
    void refusesInconsistentProfilesAsReadFromJson() {
        assertThatThrownBy(() -> new CategoricalProfile(3, 0, List.of("a", "b"), new long[] {1, 1}))
                .hasMessageContaining("field \"count\": expected the sum of the category counts 2, got 3");
        assertThatThrownBy(() -> new CategoricalProfile(2, 0, List.of("a", "a"), new long[] {1, 1}))
                .hasMessageContaining("expected unique names");
        assertThatThrownBy(() -> new CategoricalProfile(1, 0, List.of("a"), new long[] {1, 0}))
                .hasMessageContaining("expected 1 counts (one per category), got 2");
    }
}
