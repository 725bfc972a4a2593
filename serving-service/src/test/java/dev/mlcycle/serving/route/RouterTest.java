package dev.mlcycle.serving.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.serving.host.Deployment;
import dev.mlcycle.serving.host.ServedVersion;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouterTest {
    static final Router ROUTER = new Router();
    static final ServedVersion V1 = version(1);
    static final ServedVersion V2 = version(2);

    /**
     * A test fake of the host's {@link ServedVersion} interface answering {@code version()} only, built as a proxy so
     * that it keeps compiling whatever else the interface declares.
     */
    static ServedVersion version(int v) {
        return (ServedVersion) Proxy.newProxyInstance(
                RouterTest.class.getClassLoader(), new Class<?>[] {ServedVersion.class}, (proxy, method, args) -> {
                    return switch (method.getName()) {
                        case "version" -> v;
                        case "toString" -> "v" + v;
                        case "hashCode" -> v;
                        case "equals" -> proxy == args[0];
                        default -> throw new UnsupportedOperationException(method.getName());
                    };
                });
    }

    /** A test fake of the host's {@link Deployment} interface answering champion and challenger only. */
    static Deployment deployment(ServedVersion champion, ServedVersion challenger) {
        return (Deployment) Proxy.newProxyInstance(
                RouterTest.class.getClassLoader(), new Class<?>[] {Deployment.class}, (proxy, method, args) -> {
                    return switch (method.getName()) {
                        case "model" -> "credit-default";
                        case "champion" -> champion;
                        case "challenger" -> Optional.ofNullable(challenger);
                        case "toString" -> "deployment";
                        default -> throw new UnsupportedOperationException(method.getName());
                    };
                });
    }

    @Test
    void hashesAsTheReferenceMurmur3() {
        // Vectors of MurmurHash3_x86_32 with seed 0 from the reference implementation.
        assertThat(RoutingKeys.murmur3x86_32(new byte[0], 0)).isZero();
        assertThat(RoutingKeys.murmur3x86_32("hello".getBytes(StandardCharsets.UTF_8), 0))
                .isEqualTo(0x248bfa47);
        assertThat(RoutingKeys.murmur3x86_32(
                        "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8), 0))
                .isEqualTo(0x2e4ff723);
        assertThat(RoutingKeys.murmur3x86_32(new byte[0], 1)).isEqualTo(0x514e28b7);
        assertThat(RoutingKeys.bucket("hello")).isEqualTo(0x248bfa47L / 4_294_967_296.0);
    }

    @Test
    void canarySendsTheWeightedShareOfKeysToTheChallenger() {
        Deployment d = deployment(V1, V2);
        for (double weight : new double[] {0.05, 0.1, 0.25, 0.5, 0.9}) {
            int challenger = 0;
            int keys = 100_000;
            for (int i = 0; i < keys; i++) {
                if (ROUTER.route(d, Rollout.canary(weight), "customer-" + i).answering() == V2) {
                    challenger++;
                }
            }
            assertThat((double) challenger / keys)
                    .as("share at weight %s", weight)
                    .isCloseTo(weight, within(0.01));
        }
    }

    @Test
    void canaryWeightZeroAndOneSendNoneAndAll() {
        Deployment d = deployment(V1, V2);
        for (int i = 0; i < 10_000; i++) {
            assertThat(ROUTER.route(d, Rollout.canary(0), "k" + i).answering()).isSameAs(V1);
            assertThat(ROUTER.route(d, Rollout.canary(1), "k" + i).answering()).isSameAs(V2);
        }
    }

    @Test
    void oneRoutingKeyAlwaysSeesOneVariant() {
        Deployment d = deployment(V1, V2);
        Rollout canary = Rollout.canary(0.3);
        for (int i = 0; i < 2_000; i++) {
            String key = "event-" + i;
            Router.Choice first = ROUTER.route(d, canary, key);
            for (int repeat = 0; repeat < 5; repeat++) {
                // a fresh router and a fresh (swapped) deployment with the same versions: the same answer
                Router.Choice again = new Router().route(deployment(V1, V2), canary, key);
                assertThat(again.answering()).isSameAs(first.answering());
                assertThat(again.variant()).isEqualTo(first.variant());
            }
            assertThat(first.variant())
                    .isEqualTo(first.answering() == V2 ? ModelRecord.CHALLENGER : ModelRecord.CHAMPION);
            assertThat(first.shadow()).isEmpty();
        }
        // Stable across JVMs: pinned buckets of a few keys.
        assertThat(Map.of(
                        "a", RoutingKeys.bucket("a"),
                        "customer-42", RoutingKeys.bucket("customer-42")))
                .allSatisfy((k, b) -> assertThat(b).isBetween(0.0, 1.0));
        assertThat(RoutingKeys.bucket("hello")).isCloseTo(0.1427, within(0.0001));
    }

    @Test
    void shadowAnswersFromTheChampionAndScoresTheChallengerToo() {
        Router.Choice c = ROUTER.route(deployment(V1, V2), Rollout.shadow(), "any");
        assertThat(c.answering()).isSameAs(V1);
        assertThat(c.variant()).isEqualTo(ModelRecord.CHAMPION);
        assertThat(c.shadow()).containsSame(V2);
    }

    @Test
    void withoutAChallengerEverythingGoesToTheChampion() {
        Deployment d = deployment(V1, null);
        for (Rollout r : new Rollout[] {Rollout.CHAMPION_ONLY, Rollout.canary(1), Rollout.shadow()}) {
            Router.Choice c = ROUTER.route(d, r, null);
            assertThat(c.answering()).isSameAs(V1);
            assertThat(c.variant()).isEqualTo(ModelRecord.CHAMPION);
            assertThat(c.shadow()).isEmpty();
        }
    }

    @Test
    void championOnlyIgnoresTheChallenger() {
        Router.Choice c = ROUTER.route(deployment(V1, V2), Rollout.CHAMPION_ONLY, "k");
        assertThat(c.answering()).isSameAs(V1);
        assertThat(c.shadow()).isEmpty();
    }

    @Test
    void routesByEventIdElseHeaderElseRequestId() {
        assertThat(RoutingKeys.of("e-1", "h", "r")).isEqualTo("e-1");
        assertThat(RoutingKeys.of(null, "h", "r")).isEqualTo("h");
        assertThat(RoutingKeys.of(" ", "", "r")).isEqualTo("r");
    }

    @Test
    void refusesAWeightOutsideZeroToOne() {
        for (double bad : new double[] {-0.01, 1.01, Double.NaN}) {
            assertThatThrownBy(() -> Rollout.canary(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("rollout weight: expected a share of traffic in [0, 1], got " + bad);
        }
    }
}
