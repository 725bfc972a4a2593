package dev.mlcycle.serving.route;

import java.util.Objects;

/**
 * How one model's traffic is shared between its champion and its challenger ({@code serving.rollout."<model>".mode}
 * and {@code .weight}).
 *
 * @param mode {@link Mode#CHAMPION_ONLY} (the default), {@link Mode#CANARY} or {@link Mode#SHADOW}
 * @param canaryWeight the share of routing keys the challenger answers in {@link Mode#CANARY}, in [0, 1]; ignored
 *     otherwise
 */
public record Rollout(Mode mode, double canaryWeight) {
    /** The ways traffic is shared. */
    public enum Mode {
        /** The champion answers everything. */
        CHAMPION_ONLY,
        /** The challenger answers a weighted share of routing keys, the same keys every time. */
        CANARY,
        /** The champion answers; the challenger also scores every request, off the request path. */
        SHADOW
    }

    /** Everything to the champion. */
    public static final Rollout CHAMPION_ONLY = new Rollout(Mode.CHAMPION_ONLY, 0);

    public Rollout {
        Objects.requireNonNull(mode, "mode");
        if (!(canaryWeight >= 0 && canaryWeight <= 1)) {
            throw new IllegalArgumentException(
                    "rollout weight: expected a share of traffic in [0, 1], got " + canaryWeight);
        }
    }

    /** A canary with this share of routing keys on the challenger. */
    public static Rollout canary(double weight) {
        return new Rollout(Mode.CANARY, weight);
    }

    /** The champion answers, the challenger is scored in its shadow. */
    public static Rollout shadow() {
        return new Rollout(Mode.SHADOW, 0);
    }
}
