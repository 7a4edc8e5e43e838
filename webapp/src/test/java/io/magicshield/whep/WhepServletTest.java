package io.magicshield.whep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.magicshield.rtc.IceServer;
import java.util.List;
import org.junit.jupiter.api.Test;

class WhepServletTest {

    @Test
    void aStunServerIsALinkWithoutCredentials() {
        assertEquals(
                "<stun:stun.example.com:3478>; rel=\"ice-server\"",
                WhepServlet.link(
                        "stun:stun.example.com:3478",
                        IceServer.withoutCredentials(List.of("stun:stun.example.com:3478"))));
    }

    @Test
    void aTurnServerCarriesItsCredentialsAsWhipSays() {
        IceServer turn = new IceServer(List.of("turn:turn.example.com:3478"), "1700003600:s-1", "hmac=");

        assertEquals(
                "<turn:turn.example.com:3478>; rel=\"ice-server\"; username=\"1700003600:s-1\"; credential=\"hmac=\";"
                        + " credential-type=\"password\"",
                WhepServlet.link("turn:turn.example.com:3478", turn));
    }
}
