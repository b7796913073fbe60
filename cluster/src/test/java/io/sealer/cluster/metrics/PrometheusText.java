package io.sealer.cluster.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of Prometheus's text format 0.0.4, for tests (the 1.x client ships writers
 * only): every line must be a HELP, a TYPE or a sample of the family its TYPE declared, label
 * values properly escaped, no series twice, histogram buckets cumulative and ending at +Inf
 * with the count. Anything else fails with the line's number and text.
 */
public final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") ((?:[^\\\\\\n]|\\\\[\\\\n])*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(?:\\{(.*)\\})? (\\S+)(?: (-?[0-9]+))?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
    private static final Map<String, Set<String>> SUFFIXES = Map.of(
            "counter", Set.of("", "_total", "_created"), "gauge", Set.of(""), "untyped", Set.of(""),
            "histogram", Set.of("_bucket", "_sum", "_count", "_created"), "summary", Set.of("", "_sum", "_count", "_created"));

    /** One sample: the series' name and labels, and its value. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    public final Map<String, String> types = new LinkedHashMap<>();
    public final List<Sample> samples = new ArrayList<>();

    public static PrometheusText parse(String text) {
        PrometheusText p = new PrometheusText();
        if (!text.endsWith("\n")) {
            throw new AssertionError("the exposition must end with a newline");
        }
        String family = null;
        Map<String, Boolean> seen = new HashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            String where = "line " + (i + 1) + " '" + line + "': ";
            Matcher m;
            if (line.startsWith("# HELP ")) {
                if (!HELP.matcher(line).matches()) {
                    throw new AssertionError(where + "malformed HELP");
                }
            } else if (line.startsWith("# TYPE ")) {
                if (!(m = TYPE.matcher(line)).matches()) {
                    throw new AssertionError(where + "malformed TYPE");
                }
                if (p.types.put(m.group(1), m.group(2)) != null) {
                    throw new AssertionError(where + "a second TYPE for " + m.group(1));
                }
                family = m.group(1);
            } else if (line.startsWith("#") || line.isEmpty()) {
                throw new AssertionError(where + "neither HELP, TYPE nor a sample");
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                String name = m.group(1);
                if (family == null || !name.startsWith(family)
                        || !SUFFIXES.get(p.types.get(family)).contains(name.substring(family.length()))) {
                    throw new AssertionError(where + "not a sample of the family declared before it (" + family + ")");
                }
                Map<String, String> labels = labels(m.group(2), where);
                if (seen.put(name + labels, true) != null) {
                    throw new AssertionError(where + "the series appears twice");
                }
                p.samples.add(new Sample(name, labels, number(m.group(3), where)));
            } else {
                throw new AssertionError(where + "malformed sample");
            }
        }
        p.checkHistograms();
        return p;
    }

    private static Map<String, String> labels(String text, String where) {
        Map<String, String> labels = new TreeMap<>();
        if (text == null || text.isEmpty()) {
            return labels;
        }
        Matcher m = LABEL.matcher(text);
        int at = 0;
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new AssertionError(where + "malformed labels at '" + text.substring(at) + "'");
            }
            String value = m.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
            if (labels.put(m.group(1), value) != null) {
                throw new AssertionError(where + "label " + m.group(1) + " twice");
            }
            at = m.end();
            if (m.group(3).equals(",") && at == text.length()) {
                break; // a trailing comma is allowed
            }
        }
        return labels;
    }

    private static double number(String text, String where) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                if (!text.matches("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?")) {
                    throw new AssertionError(where + "malformed value '" + text + "'");
                }
                yield Double.parseDouble(text);
            }
        };
    }

    /** Buckets of each histogram series: rising bounds, cumulative counts, +Inf last and equal to _count. */
    private void checkHistograms() {
        types.forEach((family, type) -> {
            if (!type.equals("histogram")) {
                return;
            }
            Map<Map<String, String>, List<Sample>> buckets = new LinkedHashMap<>();
            for (Sample s : samples) {
                if (s.name().equals(family + "_bucket")) {
                    Map<String, String> series = new TreeMap<>(s.labels());
                    series.remove("le");
                    buckets.computeIfAbsent(series, k -> new ArrayList<>()).add(s);
                }
            }
            buckets.forEach((series, list) -> {
                double bound = Double.NEGATIVE_INFINITY;
                double count = 0;
                for (Sample b : list) {
                    double le = number(b.labels().get("le"), family + series + ": ");
                    if (le <= bound || b.value() < count) {
                        throw new AssertionError(family + series + ": buckets not rising and cumulative at le=" + le);
                    }
                    bound = le;
                    count = b.value();
                }
                if (bound != Double.POSITIVE_INFINITY || count != value(family + "_count", series)) {
                    throw new AssertionError(family + series + ": the last bucket must be +Inf and equal the count");
                }
            });
        });
    }

    /** The value of the one series with this name and these labels ("k=v" each); fails if there is none. */
    public double value(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels)).mapToDouble(Sample::value)
                .findFirst().orElseThrow(() -> new AssertionError("no series " + name + labels));
    }

    public double value(String name, String... labels) {
        Map<String, String> l = new TreeMap<>();
        for (String kv : labels) {
            l.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        return value(name, l);
    }

    public boolean has(String name, String... labels) {
        try {
            value(name, labels);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }
}
