package dev.mlcycle.datagen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The streams of fixed runs, pinned by their SHA-256 (README, "Manifest"): a change to the generator that moves a
 * single byte of a dataset's stream fails here. Regenerate a value only on purpose, and say why in the commit.
 */
class GoldenStreamTest {

    @Test
    void creditStreamIsUnchanged() {
        Runs.Run run = Runs.run(DeterminismTest.busy(7).build());
        assertThat(run.manifest().sha256())
                .isEqualTo("747605e5355cd295f9e8a0e6ece813c174ae79ec72c62876534dd15a2fa37259");
    }

    @Test
    void housingStreamIsUnchanged() {
        Runs.Run run = Runs.run(HousingStreamTest.busy(7).build());
        assertThat(run.manifest().sha256())
                .isEqualTo("b4d03e35d9ab9543ff977cc75fd4b9057c6920d4821c3ccfc332a1853f62e408");
    }
}
