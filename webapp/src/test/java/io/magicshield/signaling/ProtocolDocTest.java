package io.magicshield.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.core.EffectOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The layers around the option table must not keep copies of it that can drift: docs/protocol.md lists exactly the
 * table's options with their kinds, ranges and defaults; the properties file and the page do not spell them.
 */
class ProtocolDocTest {

    // Maven runs tests from the module's folder; the docs and the page sit beside it.
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern ROW = Pattern.compile(
            "^\\| `(\\w+)` \\| (\\w+) \\|([^|]*)\\| `([^`]+)` \\(`magicshield\\.effect\\.([\\w-]+)`\\).*$",
            Pattern.MULTILINE);

    @Test
    void theProtocolsOptionListIsTheTable() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/protocol.md"));
        String section = doc.substring(doc.indexOf("## Effect options"), doc.indexOf("## The stats DataChannel"));
        Matcher row = ROW.matcher(section);
        for (EffectOption option : EffectOption.values()) {
            assertTrue(row.find(), "docs/protocol.md lacks a row for " + option.jsonName());
            assertEquals(option.jsonName(), row.group(1), "row " + (option.ordinal() + 1) + " is out of order");
            assertEquals(docKind(option), row.group(2), option.jsonName() + "'s type");
            assertEquals(docRange(option), row.group(3).trim(), option.jsonName() + "'s range");
            assertEquals(
                    option.check(parse(option, row.group(4))), option.defaultValue(), option.jsonName() + "'s default");
            assertEquals(option.propertyName(), row.group(5), option.jsonName() + "'s property");
        }
        assertFalse(row.find(), "docs/protocol.md lists an option the table lacks");
    }

    @Test
    void thePropertiesFileAndThePageDoNotCopyTheTable() throws IOException {
        String properties =
                Files.readString(ROOT.resolve("webapp/src/main/resources/META-INF/microprofile-config.properties"));
        assertFalse(
                Pattern.compile("^magicshield\\.effect\\.", Pattern.MULTILINE)
                        .matcher(properties)
                        .find(),
                "the effect defaults live in EffectOption, not in the properties file");
        for (String page : List.of("index.html", "js/app.js", "js/effect-controls.js", "js/shield-session.js")) {
            String text =
                    Files.readString(ROOT.resolve("webapp/src/main/webapp").resolve(page));
            for (EffectOption option : EffectOption.values()) {
                assertFalse(
                        text.contains(option.jsonName() + ":") || text.contains("id=\"" + option.jsonName()),
                        page + " spells the option " + option.jsonName() + "; it must come from /effect-options");
            }
        }
    }

    private static String docKind(EffectOption option) {
        return option.kind() == EffectOption.Kind.CHOICE
                ? "string"
                : option.kind().name().toLowerCase(Locale.ROOT);
    }

    private static String docRange(EffectOption option) {
        return switch (option.kind()) {
            case BOOLEAN -> "";
            case INTEGER -> (int) option.min() + "–" + (int) option.max();
            case NUMBER -> number(option.min()) + "–" + number(option.max());
            case CHOICE ->
                String.join(
                        ", ", option.choices().stream().map(c -> "`" + c + "`").toList());
        };
    }

    /** As the doc writes them: 0.1, 5.0, 1440 and a real minus sign. */
    private static String number(double value) {
        String text = value == Math.rint(value) && Math.abs(value) >= 10
                ? Long.toString((long) value)
                : Double.toString(value);
        return text.replace('-', '−');
    }

    private static Object parse(EffectOption option, String text) {
        return switch (option.kind()) {
            case BOOLEAN -> Boolean.parseBoolean(text);
            case INTEGER -> Integer.parseInt(text);
            case NUMBER -> Double.parseDouble(text);
            case CHOICE -> text;
        };
    }
}
