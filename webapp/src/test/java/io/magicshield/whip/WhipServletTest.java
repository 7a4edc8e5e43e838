package io.magicshield.whip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.web.TrustedProxies;
import io.magicshield.whep.WhepServlet;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The resource's refusals, each before any room or session is touched (the servlet has none here: reaching one would
 * fail the test). Publishing itself runs against the real server in WhipIT.
 */
class WhipServletTest {

    private static final String TOKEN = "0123456789abcdef0123";
    private static final String SECRET = "a-secret-of-twenty-chars";

    private final WhipServlet servlet = new WhipServlet();

    WhipServletTest() {
        servlet.access = new WhipAccess(List.of(TOKEN), SECRET);
        servlet.publishers = new WhipPublishers();
        servlet.proxies = new TrustedProxies(Set.of());
    }

    /** What the servlet answered. */
    private record Answer(int status, Map<String, List<String>> headers, String body) {}

    private Answer call(String method, String path, Map<String, String> headers, byte[] body) throws Exception {
        Map<String, String> lower = new HashMap<>();
        headers.forEach((name, value) -> lower.put(name.toLowerCase(), value));
        ByteArrayInputStream bytes = new ByteArrayInputStream(body);
        ServletInputStream in = new ServletInputStream() {
            @Override
            public int read() {
                return bytes.read();
            }

            @Override
            public boolean isFinished() {
                return bytes.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException();
            }
        };
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getPathInfo" -> path;
                    case "getContentType" -> lower.get("content-type");
                    case "getContentLengthLong" -> (long) body.length;
                    case "getInputStream" -> in;
                    case "getRemoteAddr" -> "127.0.0.1";
                    case "getHeaders" ->
                        Collections.enumeration(
                                lower.containsKey(((String) args[0]).toLowerCase())
                                        ? List.of(lower.get(((String) args[0]).toLowerCase()))
                                        : List.of());
                    case "getHeader" -> lower.get(((String) args[0]).toLowerCase());
                    case "getProtocol" -> "HTTP/1.1";
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        AtomicInteger status = new AtomicInteger(200);
        Map<String, List<String>> answered = new HashMap<>();
        StringWriter text = new StringWriter();
        PrintWriter writer = new PrintWriter(text);
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "setStatus" -> status.set((Integer) args[0]);
                        case "setHeader" -> answered.put((String) args[0], new ArrayList<>(List.of((String) args[1])));
                        case "addHeader" ->
                            answered.computeIfAbsent((String) args[0], k -> new ArrayList<>())
                                    .add((String) args[1]);
                        case "getWriter" -> {
                            return writer;
                        }
                        case "setContentType", "setCharacterEncoding" -> {}
                        default -> throw new UnsupportedOperationException(m.getName());
                    }
                    return null;
                });
        servlet.service(request, response);
        writer.flush();
        return new Answer(status.get(), answered, text.toString());
    }

    private Answer post(String path, Map<String, String> headers, String body) throws Exception {
        return call("POST", path, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> sdpWith(String authorization) {
        return Map.of("Content-Type", "application/sdp", "Authorization", authorization);
    }

    @Test
    void noTokenOrABadOneIsUnauthorizedAndTheTokenIsNotEchoed() throws Exception {
        String offer = PublishOfferTest.CHROMIUM_OFFER;
        Answer none = post("", Map.of("Content-Type", "application/sdp"), offer);
        Answer wrong = post("", sdpWith("Bearer " + TOKEN + "0"), offer);
        Answer basic = post("", sdpWith("Basic " + TOKEN), offer);
        long past = Instant.now().getEpochSecond() - 1;
        Answer expired = post("", sdpWith("Bearer " + WhipAccess.signed(SECRET, past)), offer);
        Answer forged = post("", sdpWith("Bearer " + WhipAccess.signed("not-the-secret-0000", past + 3600)), offer);

        for (Answer answer : List.of(none, wrong, basic, expired, forged)) {
            assertEquals(401, answer.status(), answer.body());
            assertEquals(
                    List.of("Bearer realm=\"whip\", error=\"invalid_token\""),
                    answer.headers().get("WWW-Authenticate"));
            assertFalse(answer.body().contains(TOKEN), answer.body());
        }
        assertTrue(none.body().contains("Authorization: Bearer"), none.body());
        assertTrue(expired.body().contains("expired"), expired.body());
        assertTrue(forged.body().contains("not valid"), forged.body());
    }

    @Test
    void whipWithoutConfiguredTokensIsForbidden() throws Exception {
        servlet.access = new WhipAccess(List.of(), null);

        Answer answer = post("", sdpWith("Bearer " + TOKEN), PublishOfferTest.CHROMIUM_OFFER);

        assertEquals(403, answer.status());
        assertTrue(answer.body().contains(WhipAccess.TOKENS_PROPERTY), answer.body());
    }

    @Test
    void theOfferMustBeABoundedSdpOfferThatSendsDecodableVideo() throws Exception {
        String bearer = "Bearer " + TOKEN;
        String offer = PublishOfferTest.CHROMIUM_OFFER;

        assertEquals(
                415,
                post("", Map.of("Content-Type", "text/plain", "Authorization", bearer), offer)
                        .status());
        assertEquals(415, post("", Map.of("Authorization", bearer), offer).status(), "no content type");
        Answer huge = post("", sdpWith(bearer), "v=0\r\n" + "a=x\r\n".repeat(20_000));
        assertEquals(413, huge.status());
        assertTrue(huge.body().contains(Integer.toString(WhepServlet.MAX_OFFER_BYTES)), huge.body());
        assertEquals(400, post("", sdpWith(bearer), "hello").status());
        Answer audioOnly = post("", sdpWith(bearer), offer.substring(0, offer.indexOf("m=video")));
        assertEquals(400, audioOnly.status());
        assertTrue(audioOnly.body().contains("no video"), audioOnly.body());
        Answer h265 = post("", sdpWith(bearer), offer.replace("VP8", "H265").replace("H264", "H266"));
        assertEquals(400, h265.status());
        assertTrue(h265.body().contains("H265"), h265.body());
        assertEquals(404, post("/not a room", sdpWith(bearer), offer).status());
    }

    @Test
    void deleteNeedsTheTokenAndAKnownSession() throws Exception {
        String resource = "/AAAAAAAAAAAAAAAAAAAAAA.1/00000000-0000-0000-0000-000000000000";

        assertEquals(401, call("DELETE", resource, Map.of(), new byte[0]).status());
        Answer unknown = call("DELETE", resource, Map.of("Authorization", "Bearer " + TOKEN), new byte[0]);
        assertEquals(404, unknown.status());
        assertTrue(unknown.body().contains("no such WHIP session"), unknown.body());
        assertEquals(
                404,
                call("DELETE", "/../../etc/passwd", Map.of("Authorization", "Bearer " + TOKEN), new byte[0])
                        .status());
    }

    @Test
    void patchAndGetAreNotAllowed() throws Exception {
        Answer patch = call("PATCH", "/x.1/00000000-0000-0000-0000-000000000000", Map.of(), new byte[0]);
        Answer get = call("GET", "", Map.of(), new byte[0]);

        assertEquals(405, patch.status());
        assertEquals(List.of("POST, DELETE"), patch.headers().get("Allow"));
        assertTrue(patch.body().contains("trickle ICE"), patch.body());
        assertEquals(405, get.status());
    }
}
