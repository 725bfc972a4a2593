package dev.mlcycle.serving.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcycle.registry.bundle.ModelBundles;
import dev.mlcycle.serving.host.ServedVersion.Lease;
import dev.mlcycle.serving.model.ServedModel;
import dev.mlcycle.serving.testing.TrainedModels;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Leases and release of one hosted version, without a broker. */
class HostedVersionTest {
    private static ServedModel model;

    private final List<HostedVersion<DirectRuntime.Batcher>> releases = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void train() {
        TrainedModels.Trained t =
                TrainedModels.train(TrainedModels.credit(3, 300), new TrainedModels.Params(1, 0.5, 3));
        model = ServedModel.of("m", 1, TrainedModels.CREDIT, new ModelBundles.Loaded(t.model(), t.encoder(), null));
    }

    private HostedVersion<DirectRuntime.Batcher> hosted() {
        return new HostedVersion<>(
                new VersionLoader.Prepared(model, Instant.EPOCH, Duration.ZERO, Duration.ZERO),
                new DirectRuntime.Batcher(model),
                releases::add);
    }

    @Test
    void retiringWithoutLeasesReleasesAtOnce() {
        HostedVersion<DirectRuntime.Batcher> h = hosted();
        h.retire();
        assertThat(releases).containsExactly(h);
        assertThat(h.acquire()).as("a released version hands out no lease").isEmpty();
    }

    @Test
    void aRetiredVersionIsReleasedOnlyWhenItsLastLeaseCloses() {
        HostedVersion<DirectRuntime.Batcher> h = hosted();
        Lease first = h.acquire().orElseThrow();
        Lease second = h.acquire().orElseThrow();
        h.retire();
        assertThat(releases).isEmpty();
        first.close();
        assertThat(releases).as("one lease is still open").isEmpty();
        assertThat(h.leases()).isEqualTo(1);
        second.close();
        assertThat(releases).containsExactly(h);
        assertThat(h.isReleased()).isTrue();
    }

    @Test
    void closingALeaseTwiceCountsOnce() {
        HostedVersion<DirectRuntime.Batcher> h = hosted();
        Lease first = h.acquire().orElseThrow();
        Lease second = h.acquire().orElseThrow();
        h.retire();
        first.close();
        first.close();
        assertThat(releases).as("the second lease still holds it").isEmpty();
        second.close();
        assertThat(releases).hasSize(1);
    }

    @Test
    void aVersionInServiceIsNeverReleasedByItsLeases() {
        HostedVersion<DirectRuntime.Batcher> h = hosted();
        for (int i = 0; i < 3; i++) {
            h.acquire().orElseThrow().close();
        }
        assertThat(releases).isEmpty();
        assertThat(h.acquire()).isPresent();
    }

    @Test
    void concurrentLeasesAndRetirementReleaseExactlyOnce() throws Exception {
        for (int round = 0; round < 50; round++) {
            HostedVersion<DirectRuntime.Batcher> h = hosted();
            releases.clear();
            Thread[] threads = new Thread[4];
            for (int t = 0; t < threads.length; t++) {
                threads[t] = new Thread(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        h.acquire().ifPresent(Lease::close);
                    }
                });
                threads[t].start();
            }
            h.retire();
            for (Thread t : threads) {
                t.join();
            }
            assertThat(releases).containsExactly(h);
            assertThat(h.acquire()).isEmpty();
        }
    }
}
