package io.magicshield.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.source.Cidr;
import io.magicshield.source.SourcePolicy;
import io.magicshield.source.SourceRegistry;
import io.magicshield.source.SourceSettings;
import io.magicshield.source.SourceStatus;
import io.magicshield.whip.WhipPublishers;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The operator's list of streams: its refusals, and what it lists of a source (the WHIP side runs in WhipIT). */
class StreamsServletTest {

    private static final String TOKEN = "operator-token-0123456789";
    private static final SourceStatus LIVE = new SourceStatus(
            "6f1c1c9e-0a41-4d55-9a35-0f5a3c1a2b3c",
            "rtsp://***@10.1.2.3:554/live",
            SourceStatus.State.LIVE,
            "AAAAAAAAAAAAAAAAAAAAAA.1",
            1280,
            720,
            300,
            0,
            0,
            null,
            null,
            0,
            0,
            0.8);

    private final StreamsServlet servlet = new StreamsServlet();

    StreamsServletTest() {
        token(TOKEN);
        servlet.publishers = new WhipPublishers();
    }

    /** The servlet with this operator token ({@code null}: none configured) and one live source. */
    private void token(String token) {
        SourceSettings settings = new SourceSettings(
                new SourcePolicy(List.of(Cidr.parse("10.0.0.0/8")), Set.of(554), null),
                token,
                2,
                Duration.ofSeconds(5),
                Duration.ofMillis(500),
                Duration.ofSeconds(8),
                List.of());
        servlet.sources = new SourceRegistry() {
            @Override
            public SourceSettings settings() {
                return settings;
            }

            @Override
            public List<SourceStatus> all() {
                return List.of(LIVE);
            }
        };
    }

    private record Answer(int status, Map<String, String> headers, String body) {}

    private Answer get(String pathInfo, String query, String... authorization) throws Exception {
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> "GET";
                    case "getPathInfo" -> pathInfo;
                    case "getQueryString" -> query;
                    case "getProtocol" -> "HTTP/1.1";
                    case "getHeaders" ->
                        Collections.enumeration(
                                "authorization".equalsIgnoreCase((String) args[0])
                                        ? List.of(authorization)
                                        : List.of());
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        AtomicInteger status = new AtomicInteger(200);
        Map<String, String> headers = new HashMap<>();
        StringWriter text = new StringWriter();
        PrintWriter writer = new PrintWriter(text);
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "setStatus" -> status.set((Integer) args[0]);
                        case "setHeader" -> headers.put((String) args[0], (String) args[1]);
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
        return new Answer(status.get(), headers, text.toString());
    }

    @Test
    void withoutTheOperatorTokenNothingIsListed() throws Exception {
        List<Answer> refused = new ArrayList<>();
        refused.add(get(null, null));
        refused.add(get(null, null, "Bearer " + TOKEN + "x"));
        refused.add(get(null, null, "Basic " + TOKEN));
        refused.add(get(null, null, "Bearer " + TOKEN, "Bearer " + TOKEN));
        refused.add(get(null, null, "Bearer " + "x".repeat(100_000)));
        for (Answer answer : refused) {
            assertEquals(401, answer.status(), answer.body());
            assertEquals(
                    "Bearer realm=\"sources\", error=\"invalid_token\"",
                    answer.headers().get("WWW-Authenticate"));
            assertFalse(answer.body().contains(LIVE.streamId()), "no stream named: " + answer.body());
            assertFalse(answer.body().contains(TOKEN), "the token is not echoed");
        }

        token(null);
        Answer off = get(null, null, "Bearer " + TOKEN);
        assertEquals(403, off.status(), off.body());
        assertTrue(off.body().contains("magicshield.sources.token"), off.body());
    }

    @Test
    void onlyTheListItselfIsServed() throws Exception {
        for (String path : List.of("/", "/../sources", "/x")) {
            assertEquals(404, get(path, null, "Bearer " + TOKEN).status(), path);
        }
        assertEquals(404, get(null, "token=" + TOKEN, "Bearer " + TOKEN).status());
        for (String method : List.of("POST", "PUT", "DELETE")) {
            assertEquals(405, call(method).status(), method);
        }
    }

    @Test
    void theOperatorIsShownEachSourceWithItsStatusAndLink() throws Exception {
        Answer answer = get(null, null, "Bearer " + TOKEN);

        assertEquals(200, answer.status(), answer.body());
        assertEquals("no-store", answer.headers().get("Cache-Control"));
        JsonObject source = Json.createReader(new StringReader(answer.body()))
                .readObject()
                .getJsonArray("streams")
                .getJsonObject(0);
        assertEquals("source", source.getString("kind"));
        assertEquals("live", source.getString("state"));
        assertEquals(LIVE.url(), source.getString("url"));
        assertEquals("/whep/" + LIVE.streamId(), source.getString("whep"));
    }

    private Answer call(String method) throws Exception {
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getProtocol" -> "HTTP/1.1";
                    default -> null;
                });
        AtomicInteger status = new AtomicInteger(200);
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> {
                    if (m.getName().equals("setStatus") || m.getName().equals("sendError")) {
                        status.set((Integer) args[0]);
                    }
                    return null;
                });
        servlet.service(request, response);
        return new Answer(status.get(), Map.of(), "");
    }
}
