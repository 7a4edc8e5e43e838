package io.magicshield.rtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TurnCredentialsTest {

    private final IceSettings settings = new IceSettings(
            List.of("stun:stun.example.com:3478"),
            List.of("turn:turn.example.com:3478?transport=udp"),
            "north",
            Duration.ofHours(1));

    @Test
    void coturnRestApiCredentials() {
        // expected value from Python: base64(hmac.new(b"north", b"1700003600:session-1", sha1).digest())
        IceServer turn = TurnCredentials.issue(
                settings.turnUrls(),
                settings.turnSecret(),
                settings.turnTtl(),
                "session-1",
                Instant.ofEpochSecond(1_700_000_000));
        assertEquals("1700003600:session-1", turn.username());
        assertEquals("MUIr7KLVICV8xcOnmyynSYHPQJ4=", turn.credential());
        assertEquals(List.of("turn:turn.example.com:3478?transport=udp"), turn.urls());
    }

    @Test
    void browserListHasStunWithoutAndTurnWithCredentialsButNoSecret() {
        List<IceServer> servers = settings.forBrowser("session-1", Instant.ofEpochSecond(1_700_000_000));
        assertEquals(2, servers.size());
        assertEquals(IceServer.withoutCredentials(List.of("stun:stun.example.com:3478")), servers.get(0));
        assertFalse(servers.toString().contains("north"), "the shared secret never goes to the page");
    }

    @Test
    void settingsAsLoggedDoNotShowTheSecret() {
        String logged =
                new RtcSettings(settings, PortRange.ANY, new StartBitrate(1000), new MaxBitrate(1500)).toString();
        assertFalse(logged.contains("north"), logged);
        assertTrue(logged.contains("turn.example.com"), logged);
    }

    @Test
    void noServersConfigured() {
        assertEquals(
                List.of(),
                new IceSettings(List.of(), List.of(), null, Duration.ofHours(1)).forBrowser("s", Instant.EPOCH));
    }

    @Test
    void turnNeedsASecret() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new IceSettings(List.of(), List.of("turn:t.example.com"), "", Duration.ofHours(1)));
    }
}
