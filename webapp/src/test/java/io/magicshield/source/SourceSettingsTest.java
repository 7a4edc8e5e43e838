package io.magicshield.source;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SourceSettingsTest {

    private static final String TOKEN = "operator-token-0123456789";
    private static final SourcePolicy POLICY = new SourcePolicy(List.of(Cidr.parse("10.0.0.0/8")), Set.of(554), null);

    private static SourceSettings settings(String token) {
        return new SourceSettings(
                POLICY, token, 2, Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(8), List.of());
    }

    @Test
    void onlyTheOneBearerTokenOpensTheApi() {
        SourceSettings settings = settings(TOKEN);

        assertTrue(settings.authorized(List.of("Bearer " + TOKEN)));
        assertFalse(settings.authorized(List.of("Bearer " + TOKEN + "x")));
        assertFalse(settings.authorized(List.of()));
        assertFalse(settings.authorized(List.of("Basic " + TOKEN)));
        assertFalse(settings.authorized(List.of("Bearer " + TOKEN, "Bearer " + TOKEN)));
        assertFalse(settings(null).authorized(List.of("Bearer " + TOKEN)), "no token configured: the API is off");
    }

    @Test
    void itsTextNamesNoTokenAndBadValuesFail() {
        assertFalse(settings(TOKEN).toString().contains(TOKEN));
        assertThrows(IllegalArgumentException.class, () -> settings("short"));
        assertThrows(
                IllegalArgumentException.class,
                () -> new SourceSettings(
                        POLICY,
                        TOKEN,
                        0,
                        Duration.ofSeconds(5),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(8),
                        List.of()));
        assertThrows(
                IllegalArgumentException.class,
                () -> new SourceSettings(
                        POLICY,
                        TOKEN,
                        2,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(9),
                        Duration.ofSeconds(8),
                        List.of()));
    }

    @Test
    void sourcesForTheStartAreCheckedByThePolicyWithTheSettings() {
        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class,
                () -> new SourceSettings(
                        POLICY,
                        TOKEN,
                        2,
                        Duration.ofSeconds(5),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(8),
                        List.of("rtsp://10.1.2.3/live", "http://10.1.2.3/")));
        assertTrue(refused.getMessage().contains("only rtsp, rtsps and file"), refused.getMessage());
        IllegalArgumentException tooMany = assertThrows(
                IllegalArgumentException.class,
                () -> new SourceSettings(
                        POLICY,
                        TOKEN,
                        1,
                        Duration.ofSeconds(5),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(8),
                        List.of("rtsp://10.1.2.3/a", "rtsp://10.1.2.3/b")));
        assertTrue(tooMany.getMessage().contains("more than the 1 allowed"), tooMany.getMessage());
        assertTrue(new SourceSettings(
                        POLICY,
                        TOKEN,
                        2,
                        Duration.ofSeconds(5),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(8),
                        List.of("rtsp://10.1.2.3/live"))
                .toString()
                .contains("1 started at deployment"));
    }
}
