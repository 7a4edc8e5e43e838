package io.magicshield.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebSocketOutboxTest {

    @Test
    void closeReasonsFitInAControlFrame() {
        assertEquals("short", WebSocketOutbox.truncate("short"));
        String cut = WebSocketOutbox.truncate("é".repeat(100));
        assertTrue(cut.getBytes(StandardCharsets.UTF_8).length <= 123, cut);
        assertTrue(cut.endsWith("..."));
        assertTrue(cut.startsWith("éé") && !cut.contains("\uFFFD"), cut);
    }
}
