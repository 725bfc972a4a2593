package dev.mlcycle.datagen.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.datagen.model.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SelectionSamplerTest {
    @ParameterizedTest
    @CsvSource({"0,0", "1,0", "1,1", "10,10", "1000,1", "100000,1000", "100000,99999"})
    void selectsExactlyKOfN(long n, long k) {
        SelectionSampler s = new SelectionSampler(n, k, Rng.stream(1, "s"));
        long selected = 0;
        for (long i = 0; i < n; i++) {
            selected += s.next() ? 1 : 0;
        }
        assertThat(selected).isEqualTo(k);
        assertThat(s.selected()).isEqualTo(k);
    }

    @Test
    void everyPositionIsEquallyLikely() {
        int[] hits = new int[10];
        for (int run = 0; run < 20_000; run++) {
            SelectionSampler s = new SelectionSampler(10, 3, Rng.stream(run, "s"));
            for (int i = 0; i < 10; i++) {
                if (s.next()) {
                    hits[i]++;
                }
            }
        }
        for (int h : hits) {
            assertThat(h).isBetween(5_700, 6_300); // 20,000 * 3 / 10 = 6,000
        }
    }

    @Test
    void refusesImpossibleQuotasAndVisitsPastTheEnd() {
        assertThatThrownBy(() -> new SelectionSampler(3, 4, Rng.stream(1, "s")))
                .isInstanceOf(IllegalArgumentException.class);
        SelectionSampler s = new SelectionSampler(1, 1, Rng.stream(1, "s"));
        assertThat(s.next()).isTrue();
        assertThatThrownBy(s::next).isInstanceOf(IllegalStateException.class);
    }
}
