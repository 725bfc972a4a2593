package dev.mlcycle.datagen.scenario;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import dev.mlcycle.contracts.spec.DatasetSpec;
import dev.mlcycle.contracts.spec.DatasetSpecs;
import dev.mlcycle.contracts.spec.FeatureSpec;
import dev.mlcycle.contracts.spec.FeatureType;
import dev.mlcycle.datagen.scenario.Scenario.ConceptDrift;
import dev.mlcycle.datagen.scenario.Scenario.CovariateShift;
import dev.mlcycle.datagen.scenario.Scenario.CovariateShift.Target;
import dev.mlcycle.datagen.scenario.Scenario.PriorShift;
import dev.mlcycle.datagen.scenario.Scenario.Stationary;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the compact scenario syntax of {@code mlcycle generate --scenario}:
 *
 * <pre>
 * stationary
 * covariate:at=0.5,features=income|utilization,size=1.0
 * covariate:at=40%,features=region:west|purpose,size=0.3,to=business,window=10%
 * concept:at=60%,strength=1
 * prior:at=2026-01-05T00:00:00Z,rate=0.35,window=6h
 * </pre>
 *
 * <p>{@code at}: an event index ({@code 5000}), a fraction in [0, 1] ({@code 0.5}), a percentage
 * ({@code 50%}) or an ISO instant or date. {@code window} (optional, default abrupt): a number of events,
 * a fraction, a percentage or a duration ({@code 6h}, {@code PT6H}). Several scenarios may be given as
 * separate strings or joined with {@code ;}. Every error names the scenario by number and text and the
 * part that is wrong, as an {@link MlcycleException} with {@link Reason#INVALID_ARGUMENT}.
 */
public final class Scenarios {
    private static final Pattern INDEX = Pattern.compile("\\d{1,18}");
    private static final Pattern FRACTION = Pattern.compile("\\d*\\.\\d+|\\d+\\.\\d*");
    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*%");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private static final Map<String, Set<String>> KEYS = Map.of(
            "stationary", Set.of(),
            "covariate", Set.of("at", "features", "size", "to", "window"),
            "concept", Set.of("at", "strength", "window"),
            "prior", Set.of("at", "rate", "window"));

    private Scenarios() {}

    /** Parses scenarios separated by {@code ;}; blank input means no scenario (stationary). */
    public static List<Scenario> parse(String text, DatasetSpec spec) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return parse(List.of(text), spec);
    }

    /** Parses each string as one or more scenarios (joined by {@code ;}), numbering them from 1. */
    public static List<Scenario> parse(List<String> texts, DatasetSpec spec) {
        List<String> parts = new ArrayList<>();
        for (String t : texts) {
            for (String p : t.split(";", -1)) {
                parts.add(p.trim());
            }
        }
        List<Scenario> out = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            out.add(new One(i + 1, parts.get(i), spec).parse());
        }
        return List.copyOf(out);
    }

    /** Parses one scenario; {@code number} is used in errors. */
    public static Scenario parseOne(int number, String text, DatasetSpec spec) {
        return new One(number, text.trim(), spec).parse();
    }

    /** The parse of one scenario string. */
    private static final class One {
        private final int number;
        private final String text;
        private final DatasetSpec spec;

        One(int number, String text, DatasetSpec spec) {
            this.number = number;
            this.text = text;
            this.spec = spec;
        }

        MlcycleException error(String message) {
            return new MlcycleException(
                    Reason.INVALID_ARGUMENT, "scenario " + number + " \"" + text + "\": " + message);
        }

        MlcycleException expected(String key, String expected, String got) {
            return error(key + ": expected " + expected + ", got \"" + got + "\"");
        }

        Scenario parse() {
            if (text.isEmpty()) {
                throw error("empty; expected one of stationary, covariate, concept, prior");
            }
            int colon = text.indexOf(':');
            String kind = (colon < 0 ? text : text.substring(0, colon)).trim();
            String rest = colon < 0 ? "" : text.substring(colon + 1).trim();
            Set<String> allowed = KEYS.get(kind);
            if (allowed == null) {
                throw error("unknown kind \"" + kind + "\"; expected one of stationary, covariate, concept, prior");
            }
            Map<String, String> params = params(rest, allowed, kind);
            return switch (kind) {
                case "stationary" -> new Stationary();
                case "covariate" -> covariate(params);
                case "concept" -> new ConceptDrift(
                        at(params), window(params), probability(params, "strength", 1.0, "a strength in [0, 1]"));
                default -> new PriorShift(
                        at(params), window(params), probability(params, "rate", null, "a default rate in [0, 1]"));
            };
        }

        private Map<String, String> params(String rest, Set<String> allowed, String kind) {
            Map<String, String> params = new LinkedHashMap<>();
            if (rest.isEmpty()) {
                return params;
            }
            if (allowed.isEmpty()) {
                throw error(kind + " takes no parameters, got \"" + rest + "\"");
            }
            for (String part : rest.split(",", -1)) {
                String p = part.trim();
                int eq = p.indexOf('=');
                if (eq <= 0) {
                    throw error("expected key=value, got \"" + p + "\"");
                }
                String key = p.substring(0, eq).trim();
                String value = p.substring(eq + 1).trim();
                if (!allowed.contains(key)) {
                    throw error("unknown parameter \"" + key + "\"; " + kind + " takes "
                            + String.join(", ", sorted(allowed)));
                }
                if (params.put(key, value) != null) {
                    throw error(key + ": given twice");
                }
            }
            return params;
        }

        private ChangeAt at(Map<String, String> params) {
            String v = params.get("at");
            if (v == null) {
                throw error("at: missing; expected at=<event index | fraction | percentage | ISO instant>");
            }
            String expected = "an event index, a fraction in [0,1], a percentage or an ISO instant";
            if (INDEX.matcher(v).matches()) {
                return new ChangeAt.EventIndex(Long.parseLong(v));
            }
            var pct = PERCENT.matcher(v);
            if (pct.matches()) {
                double p = Double.parseDouble(pct.group(1));
                if (p > 100.0) {
                    throw expected("at", expected, v);
                }
                return new ChangeAt.Fraction(p / 100.0);
            }
            if (FRACTION.matcher(v).matches()) {
                double f = Double.parseDouble(v);
                if (f > 1.0) {
                    throw expected("at", expected, v);
                }
                return new ChangeAt.Fraction(f);
            }
            Instant instant = instant(v);
            if (instant == null) {
                throw expected("at", expected, v);
            }
            return new ChangeAt.AtTime(instant);
        }

        private Window window(Map<String, String> params) {
            String v = params.get("window");
            if (v == null) {
                return Window.ABRUPT;
            }
            String expected = "a number of events, a fraction in [0,1], a percentage or a duration like 6h or PT6H";
            if (INDEX.matcher(v).matches()) {
                return new Window.Events(Long.parseLong(v));
            }
            var pct = PERCENT.matcher(v);
            if (pct.matches()) {
                double p = Double.parseDouble(pct.group(1));
                if (p > 100.0) {
                    throw expected("window", expected, v);
                }
                return new Window.Fraction(p / 100.0);
            }
            if (FRACTION.matcher(v).matches()) {
                double f = Double.parseDouble(v);
                if (f > 1.0) {
                    throw expected("window", expected, v);
                }
                return new Window.Fraction(f);
            }
            Duration d = DatasetSpecs.parseDuration(v);
            if (d == null || d.isNegative()) {
                throw expected("window", expected, v);
            }
            return new Window.Span(d);
        }

        private double probability(Map<String, String> params, String key, Double dflt, String expected) {
            String v = params.get(key);
            if (v == null) {
                if (dflt == null) {
                    throw error(key + ": missing; expected " + key + "=<" + expected + ">");
                }
                return dflt;
            }
            double d = number(key, v, expected);
            if (!(d >= 0.0 && d <= 1.0)) {
                throw expected(key, expected, v);
            }
            return d;
        }

        private double number(String key, String v, String expected) {
            try {
                double d = Double.parseDouble(v);
                if (!Double.isFinite(d) || v.endsWith("d") || v.endsWith("f") || v.endsWith("D") || v.endsWith("F")) {
                    throw expected(key, expected, v);
                }
                return d;
            } catch (NumberFormatException e) {
                throw expected(key, expected, v);
            }
        }

        private Scenario covariate(Map<String, String> params) {
            ChangeAt at = at(params);
            Window window = window(params);
            double size = params.containsKey("size") ? number("size", params.get("size"), "a number") : 1.0;
            String to = params.get("to");
            String list = params.get("features");
            if (list == null || list.isBlank()) {
                throw error(
                        "features: missing; expected features=<name>|<name>:<category>|..., one or more of " + known());
            }
            List<Target> targets = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            boolean anyCategorical = false;
            for (String item : list.split("\\|", -1)) {
                String it = item.trim();
                int c = it.indexOf(':');
                String name = c < 0 ? it : it.substring(0, c).trim();
                String category = c < 0 ? null : it.substring(c + 1).trim();
                FeatureSpec f = spec.feature(name).orElse(null);
                if (f == null) {
                    throw error("features: unknown feature \"" + name + "\"; known features: " + known());
                }
                if (!seen.add(name)) {
                    throw error("features: \"" + name + "\" given twice");
                }
                if (f.isNumeric()) {
                    if (category != null) {
                        throw error("features: \"" + it + "\": " + name + " is "
                                + f.type().yamlName() + ", so it shifts by size x sd and takes no target category");
                    }
                    targets.add(new Target(name, null));
                    continue;
                }
                anyCategorical = true;
                List<String> levels = levels(f);
                String target = category != null ? category : to != null ? to : levels.get(levels.size() - 1);
                if (!levels.contains(target)) {
                    throw error((category != null ? "features" : "to") + ": \"" + target + "\" is not a category of "
                            + name + "; expected one of " + levels);
                }
                targets.add(new Target(name, target));
            }
            if (anyCategorical && !(size >= 0.0 && size <= 1.0)) {
                throw error("size: a categorical feature moves a share of probability mass, so expected a size in"
                        + " [0, 1], got \"" + params.get("size") + "\"");
            }
            if (to != null && !anyCategorical) {
                throw error("to: only categorical and boolean features take a target category");
            }
            return new CovariateShift(at, window, targets, size);
        }

        private String known() {
            return String.join(", ", spec.featureNames());
        }

        private Instant instant(String v) {
            try {
                if (DATE.matcher(v).matches()) {
                    return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
                }
                return Instant.parse(v);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    /** The categories a categorical or boolean feature takes, in order. */
    public static List<String> levels(FeatureSpec f) {
        return f.type() == FeatureType.BOOLEAN ? List.of("false", "true") : f.values();
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}
