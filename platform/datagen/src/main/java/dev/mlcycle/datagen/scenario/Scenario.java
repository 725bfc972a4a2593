package dev.mlcycle.datagen.scenario;

import java.util.List;
import java.util.Objects;

/**
 * One drift scenario of a generated run. Several may be combined; each non-stationary one has a change
 * point and an optional ramp window. Parse the CLI form with {@link Scenarios#parse}; {@link #text()}
 * gives it back in canonical form.
 */
public sealed interface Scenario {

    /** {@code stationary}, {@code covariate}, {@code concept} or {@code prior}. */
    String kind();

    /** The canonical CLI form, e.g. {@code covariate:at=50%,features=income,size=1}. */
    String text();

    /** A change with a change point: everything but {@link Stationary}. */
    sealed interface Change extends Scenario {
        ChangeAt at();

        Window window();
    }

    /** Nothing changes. */
    record Stationary() implements Scenario {
        @Override
        public String kind() {
            return "stationary";
        }

        @Override
        public String text() {
            return "stationary";
        }
    }

    /**
     * Covariate shift: P(x) moves, P(y | x) stays. A numeric or integer feature moves by {@code size}
     * times its base standard deviation; a categorical or boolean feature moves a share {@code size} (0 to
     * 1) of its probability mass to a category.
     *
     * @param features the features that move, each with its target category (categorical features only;
     *     null for numeric ones)
     */
    record CovariateShift(ChangeAt at, Window window, List<Target> features, double size) implements Change {
        public CovariateShift {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(window, "window");
            features = List.copyOf(features);
            if (features.isEmpty()) {
                throw new IllegalArgumentException("a covariate shift needs at least one feature");
            }
            if (!Double.isFinite(size)) {
                throw new IllegalArgumentException("size must be finite, got " + size);
            }
        }

        /** A feature to shift, with the category that gains mass ({@code null} for numeric features). */
        public record Target(String feature, String category) {
            public Target {
                Objects.requireNonNull(feature, "feature");
            }

            String text() {
                return category == null ? feature : feature + ":" + category;
            }
        }

        @Override
        public String kind() {
            return "covariate";
        }

        @Override
        public String text() {
            StringBuilder sb =
                    new StringBuilder("covariate:at=").append(at.text()).append(",features=");
            for (int i = 0; i < features.size(); i++) {
                sb.append(i == 0 ? "" : "|").append(features.get(i).text());
            }
            sb.append(",size=").append(ChangeAt.fmt(size));
            return withWindow(sb.toString(), window);
        }
    }

    /**
     * Concept drift: P(y | x) moves from the model's base concept towards its drifted concept; the logit
     * is {@code (1 - s) * base + s * drifted} with {@code s = strength * w(i)}. Inputs are untouched.
     */
    record ConceptDrift(ChangeAt at, Window window, double strength) implements Change {
        public ConceptDrift {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(window, "window");
            if (!(strength >= 0.0 && strength <= 1.0)) {
                throw new IllegalArgumentException("strength must be in [0, 1], got " + strength);
            }
        }

        @Override
        public String kind() {
            return "concept";
        }

        @Override
        public String text() {
            return withWindow("concept:at=" + at.text() + ",strength=" + ChangeAt.fmt(strength), window);
        }
    }

    /**
     * Prior (label) shift: P(positive) moves to {@code rate} while P(x | y) stays, by rejection sampling
     * of (x, y) pairs with acceptance proportional to {@code rate(y) / baseRate(y)}.
     */
    record PriorShift(ChangeAt at, Window window, double rate) implements Change {
        public PriorShift {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(window, "window");
            if (!(rate >= 0.0 && rate <= 1.0)) {
                throw new IllegalArgumentException("rate must be in [0, 1], got " + rate);
            }
        }

        @Override
        public String kind() {
            return "prior";
        }

        @Override
        public String text() {
            return withWindow("prior:at=" + at.text() + ",rate=" + ChangeAt.fmt(rate), window);
        }
    }

    private static String withWindow(String text, Window window) {
        boolean abrupt = window instanceof Window.Events e && e.count() == 0;
        return abrupt ? text : text + ",window=" + window.text();
    }
}
