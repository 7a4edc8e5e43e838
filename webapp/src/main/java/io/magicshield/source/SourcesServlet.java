package io.magicshield.source;

import io.magicshield.whep.WhepServlet;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The operator's API for pulled sources, behind {@code Authorization: Bearer <magicshield.sources.token>}:
 * {@code POST /api/sources} with {@code {"url": "rtsp://..." | "file:<name>"}} adds one ({@code 201}, its status,
 * {@code Location}); {@code GET /api/sources} lists them and {@code GET /api/sources/<id>} gives one;
 * {@code DELETE /api/sources/<id>} ends one. A URL the policy refuses is {@code 400} before anything connects; no
 * place for one more (the sources' or the rooms' cap) is {@code 503} with {@code Retry-After}.
 */
@WebServlet(SourcesServlet.PATH + "*")
public class SourcesServlet extends HttpServlet {

    static final String PATH = "/api/sources/";
    /** A URL is at most {@value SourcePolicy#MAX_URL_CHARS} characters; its JSON fits in 4 KiB. */
    static final int MAX_BODY_BYTES = 4096;

    /**
     * When to ask again after the server had no place for a source: a place comes free only when the operator
     * deletes one, so not soon; a minute, as for a room the rate limit refused.
     */
    static final Duration RETRY_AFTER = Duration.ofSeconds(60);

    private static final Pattern ID = Pattern.compile("/([0-9a-f-]{36})");

    @Inject
    SourceRegistry sources;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!authorized(request, response)) {
            return;
        }
        String path = request.getPathInfo();
        if (path != null && !path.equals("/")) {
            WhepServlet.refuse(response, HttpServletResponse.SC_NOT_FOUND, "POST to /api/sources");
            return;
        }
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            WhepServlet.refuse(
                    response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "send {\"url\": ...} as application/json");
            return;
        }
        Optional<String> url = url(request);
        if (url == null) {
            WhepServlet.refuse(
                    response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "at most " + MAX_BODY_BYTES + " bytes");
            return;
        }
        if (url.isEmpty()) {
            WhepServlet.refuse(
                    response, HttpServletResponse.SC_BAD_REQUEST, "the body must be a JSON object with a string url");
            return;
        }
        SourceStatus added;
        try {
            added = sources.add(url.get());
        } catch (SourceRefusedException e) {
            if (e.reason() == SourceRefusedException.Reason.CAPACITY) {
                response.setHeader("Retry-After", Long.toString(RETRY_AFTER.toSeconds()));
                WhepServlet.refuse(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, e.getMessage());
            } else {
                WhepServlet.refuse(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            }
            return;
        }
        response.setStatus(HttpServletResponse.SC_CREATED);
        response.setHeader("Location", PATH + added.id());
        write(response, json(added).build());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!authorized(request, response)) {
            return;
        }
        String path = request.getPathInfo();
        if (path == null || path.equals("/")) {
            var list = Json.createArrayBuilder();
            sources.all().forEach(status -> list.add(json(status)));
            write(response, Json.createObjectBuilder().add("sources", list).build());
            return;
        }
        var matcher = ID.matcher(path);
        Optional<SourceStatus> status = matcher.matches() ? sources.find(matcher.group(1)) : Optional.empty();
        if (status.isEmpty()) {
            WhepServlet.refuse(response, HttpServletResponse.SC_NOT_FOUND, "no such source");
            return;
        }
        write(response, json(status.get()).build());
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!authorized(request, response)) {
            return;
        }
        String path = request.getPathInfo();
        var matcher = ID.matcher(path == null ? "" : path);
        if (!matcher.matches() || !sources.remove(matcher.group(1))) {
            WhepServlet.refuse(response, HttpServletResponse.SC_NOT_FOUND, "no such source");
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
    }

    private boolean authorized(HttpServletRequest request, HttpServletResponse response) throws IOException {
        return operator(sources.settings(), request, response);
    }

    /**
     * Whether the request carries the operator's token ({@code magicshield.sources.token}), for this API and the
     * operator's list of streams; refuses it otherwise: {@code 403} while no token is set, {@code 401} with
     * {@code WWW-Authenticate}. The token is never echoed.
     */
    public static boolean operator(SourceSettings settings, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (settings.token() == null) {
            WhepServlet.refuse(
                    response,
                    HttpServletResponse.SC_FORBIDDEN,
                    "the operator's API is off on this server (magicshield.sources.token turns it on)");
            return false;
        }
        if (!settings.authorized(Collections.list(request.getHeaders("Authorization")))) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"sources\", error=\"invalid_token\"");
            WhepServlet.refuse(
                    response, HttpServletResponse.SC_UNAUTHORIZED, "send the operator token as Authorization: Bearer");
            return false;
        }
        return true;
    }

    /** @return the url field; empty when the body is no such object; null when the body is over the limit */
    private static Optional<String> url(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            return null;
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            return null;
        }
        try (JsonReader reader = Json.createReader(new StringReader(new String(body, StandardCharsets.UTF_8)))) {
            JsonObject object = reader.readObject();
            return object.get("url") instanceof JsonString url ? Optional.of(url.getString()) : Optional.empty();
        } catch (JsonException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    /** A source's status as the API shows it (its URL masked). */
    public static JsonObjectBuilder json(SourceStatus status) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("id", status.id())
                .add("url", status.url())
                .add("state", status.state().name().toLowerCase(Locale.ROOT))
                .add("width", status.width())
                .add("height", status.height())
                .add("frames", status.frames())
                .add("loops", status.loops())
                .add("retries", status.retries())
                .add("gapSeconds", status.gapSeconds())
                .add("longestGapSeconds", status.longestGapSeconds());
        if (status.streamId() != null) {
            json.add("streamId", status.streamId()).add("whep", "/whep/" + status.streamId());
        }
        if (status.lastError() != null) {
            json.add("lastError", status.lastError())
                    .add("lastErrorAt", status.lastErrorAt().toString());
        }
        if (status.firstFrameSeconds() >= 0) {
            json.add("firstFrameSeconds", status.firstFrameSeconds());
        }
        return json;
    }

    private static void write(HttpServletResponse response, JsonObject body) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(body.toString());
    }
}
