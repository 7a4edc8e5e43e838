package io.magicshield.it;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of {@code /metrics}, parsed strictly as Prometheus text format 0.0.4: every line is a HELP or TYPE
 * comment or a sample {@code name{labels} value}; anything else fails the parse.
 */
public final class PrometheusScrape {

    private static final Pattern SAMPLE =
            Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*\\})? "
                    + "(-?[0-9.eE+-]+|NaN|[+-]Inf)");
    private static final Pattern COMMENT = Pattern.compile("# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*");

    private final Map<String, Double> samples;

    private PrometheusScrape(Map<String, Double> samples) {
        this.samples = samples;
    }

    public static PrometheusScrape parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || COMMENT.matcher(line).matches()) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new IllegalArgumentException("not a Prometheus sample line: '" + line + "'");
            }
            String key = sample.group(1) + (sample.group(2) == null ? "" : sample.group(2));
            samples.put(key, Double.valueOf(sample.group(3).replace("Inf", "Infinity")));
        }
        return new PrometheusScrape(samples);
    }

    /** The sample with this name and labels, e.g. {@code magicshield_sessions_ended_total{reason="stopped"}}. */
    public double value(String sample) {
        Double value = samples.get(sample);
        if (value == null) {
            throw new IllegalArgumentException("no sample " + sample + " in " + samples.keySet());
        }
        return value;
    }

    /** A counter that has no sample yet (a label value never seen) counts as 0. */
    public double valueOrZero(String sample) {
        return samples.getOrDefault(sample, 0.0);
    }

    public Map<String, Double> samples() {
        return samples;
    }

    /** Scrapes the deployed application now. */
    public static PrometheusScrape now() {
        return now(ServerTest.BASE);
    }

    /** Scrapes the application at {@code base} (its context root) now. */
    public static PrometheusScrape now(URI base) {
        var response = ServerTest.get(base.resolve("metrics"));
        if (response.statusCode() != 200) {
            throw new IllegalStateException(base.resolve("metrics") + " answered " + response.statusCode());
        }
        return parse(response.body());
    }
}
