package io.magicshield.whep;

import io.magicshield.media.MediaSettings;
import io.magicshield.room.Member;
import io.magicshield.room.RoomRefusedException;
import io.magicshield.room.RoomRegistry;
import io.magicshield.rtc.IceServer;
import io.magicshield.session.EndReason;
import io.magicshield.session.MediaRole;
import io.magicshield.session.RefusalReason;
import io.magicshield.session.SessionRefusedException;
import io.magicshield.session.ShieldSession;
import io.magicshield.web.TrustedProxies;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WHEP playback of a participant's processed stream (the IETF WHIP/WHEP conventions): {@code POST /whep/<streamId>}
 * with an SDP offer ({@code application/sdp}) answers {@code 201} with the answer, the session's URL in
 * {@code Location} and the ICE servers in {@code Link} headers; {@code DELETE} on that URL ends it. No trickle:
 * the answer carries every server candidate and {@code PATCH} is {@code 405}. The stream id holds the room's
 * unguessable id, so whoever may enter the room may play its streams, and nobody else can find them. A player is a
 * viewer of the room: it counts against the room's viewers and the server's sessions. In a cluster, a node that does
 * not host the stream redirects to the node that does ({@link WhepRoute}), and the session's URL carries this node's
 * route, so that its DELETE reaches it through the balancer.
 */
@WebServlet(WhepServlet.PATH + "*")
public class WhepServlet extends HttpServlet {

    static final String PATH = "/whep/";
    /**
     * A browser's offer for one video and one audio section is 3-6 KB; 64 KiB is the signaling's limit too. WHIP's
     * offers have the same limit, and the same refusals ({@link #refuse}).
     */
    public static final int MAX_OFFER_BYTES = 64 * 1024;
    /** Gathering on the server's host candidates takes well under a second; a slow one ends the attempt. */
    public static final Duration ANSWER_WAIT = Duration.ofSeconds(10);

    private static final Pattern STREAM = Pattern.compile("/([A-Za-z0-9_-]{1,64}\\.[0-9]{1,6})");
    /** A session's resource under WHEP's or WHIP's path: {@code /<streamId>/<sessionId>}, for DELETE. */
    public static final Pattern RESOURCE = Pattern.compile("/([A-Za-z0-9_-]{1,64}\\.[0-9]{1,6})/([0-9a-f-]{36})");

    @Inject
    RoomRegistry rooms;

    @Inject
    MediaSettings media;

    @Inject
    TrustedProxies proxies;

    /** A player's session and the stream its URL names. */
    private record Player(String streamId, ShieldSession session) {}

    /** The players by session id, for DELETE; a player leaves it when its session ends, however it ends. */
    private final Map<String, Player> players = new ConcurrentHashMap<>();

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Matcher path = STREAM.matcher(pathOf(request));
        if (!path.matches()) {
            refuse(response, HttpServletResponse.SC_NOT_FOUND, "no such stream");
            return;
        }
        String streamId = path.group(1);
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/sdp")) {
            refuse(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "send the offer as application/sdp");
            return;
        }
        String offer = readOffer(request);
        if (offer == null) {
            refuse(
                    response,
                    HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                    "offers are " + MAX_OFFER_BYTES + " bytes at most");
            return;
        }
        if (!offer.startsWith("v=0")) {
            refuse(response, HttpServletResponse.SC_BAD_REQUEST, "the body must be an SDP offer (v=0 ...)");
            return;
        }
        WhepRoute.Decision decision = WhepRoute.decide(
                PATH + streamId, roomOf(streamId), rooms.locate(streamId), WhepRoute.carriesRoute(request));
        if (!decision.plays()) {
            answer(response, decision);
            return;
        }
        play(request, response, streamId, offer);
    }

    private void play(HttpServletRequest request, HttpServletResponse response, String streamId, String offer)
            throws IOException {
        String roomId = roomOf(streamId);
        String[] sessionId = new String[1];
        WhepPage page = new WhepPage(() -> {
            if (sessionId[0] != null) {
                players.remove(sessionId[0]);
            }
        });
        Member member;
        try {
            member = rooms.join(
                    roomId, MediaRole.VIEWER, streamId, proxies.client(request), media.effectDefaults(), page);
        } catch (RoomRefusedException e) {
            refuse(
                    response,
                    e.reason() == RoomRefusedException.Reason.NOT_FOUND
                            ? HttpServletResponse.SC_NOT_FOUND
                            : HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    e.getMessage());
            return;
        } catch (SessionRefusedException e) {
            refuse(
                    response,
                    e.reason() == RefusalReason.RATE_LIMITED ? 429 : HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    e.getMessage());
            return;
        }
        ShieldSession session = member.session();
        sessionId[0] = session.id();
        players.put(session.id(), new Player(streamId, session));
        if (page.answer().isDone()) { // ended before it was registered
            players.remove(session.id());
        }
        session.acceptOffer(offer);
        String answer;
        try {
            answer = page.answer().get(ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            refuse(response, HttpServletResponse.SC_BAD_REQUEST, e.getCause().getMessage());
            return;
        } catch (TimeoutException e) {
            session.end(EndReason.NEGOTIATION_FAILED, "no answer within " + ANSWER_WAIT.toSeconds() + " s");
            refuse(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "the server could not answer in time");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.end(EndReason.SERVER_SHUTDOWN, "interrupted");
            refuse(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "the server is stopping");
            return;
        }
        response.setStatus(HttpServletResponse.SC_CREATED);
        // the resource carries this node's route, so that the balancer sends its DELETE (and PATCH) here too
        response.setHeader(
                "Location",
                WhepRoute.routed(PATH + streamId + "/" + session.id(), roomOf(streamId), rooms.localRoute()));
        response.setHeader("Cache-Control", "no-store");
        for (IceServer server : session.iceServers()) {
            for (String url : server.urls()) {
                response.addHeader("Link", link(url, server));
            }
        }
        response.setContentType("application/sdp");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(answer);
    }

    /** An ICE server as a Link header (WHIP, section 4.4), with its TURN credentials when it has them. */
    public static String link(String url, IceServer server) {
        StringBuilder link = new StringBuilder("<").append(url).append(">; rel=\"ice-server\"");
        if (server.username() != null) {
            link.append("; username=\"")
                    .append(server.username())
                    .append("\"; credential=\"")
                    .append(server.credential())
                    .append("\"; credential-type=\"password\"");
        }
        return link.toString();
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Matcher path = RESOURCE.matcher(pathOf(request));
        Player player = path.matches() ? players.get(path.group(2)) : null;
        if (player == null || !player.streamId().equals(path.group(1))) {
            refuse(response, HttpServletResponse.SC_NOT_FOUND, "no such WHEP session");
            return;
        }
        player.session().end(EndReason.STOPPED, "ended by the WHEP player (DELETE)");
        response.setStatus(HttpServletResponse.SC_OK);
    }

    /** PATCH (trickle ICE) is refused: the answer carries every server candidate (Servlet 6.0 has no doPatch). */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if ("PATCH".equals(request.getMethod())) {
            response.setHeader("Allow", "POST, DELETE");
            refuse(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "trickle ICE is not supported (no PATCH)");
        } else {
            super.service(request, response);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Allow", "POST, DELETE");
        refuse(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "WHEP takes POST (an offer) and DELETE");
    }

    /** The room of a stream id ({@code <roomId>.<n>}). */
    private static String roomOf(String streamId) {
        return streamId.substring(0, streamId.lastIndexOf('.'));
    }

    private static String pathOf(HttpServletRequest request) {
        String path = request.getPathInfo();
        return path == null ? "" : path;
    }

    /** @return the offer, or null when it is over {@link #MAX_OFFER_BYTES} (read no further than that) */
    public static String readOffer(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_OFFER_BYTES) {
            return null;
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(MAX_OFFER_BYTES + 1);
            return body.length > MAX_OFFER_BYTES ? null : new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Answers with a route's decision that is not to play here: its status, Location or Retry-After, and reason. */
    public static void answer(HttpServletResponse response, WhepRoute.Decision decision) throws IOException {
        if (decision.location() != null) {
            response.setHeader("Location", decision.location());
        }
        if (decision.status() == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
            response.setHeader("Retry-After", Long.toString(WhepRoute.MOVING_RETRY.toSeconds()));
        }
        refuse(response, decision.status(), decision.message());
    }

    public static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(message + "\n");
    }
}
