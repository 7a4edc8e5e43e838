package io.magicshield.whip;

import io.magicshield.media.MediaSettings;
import io.magicshield.room.Member;
import io.magicshield.room.RoomRefusedException;
import io.magicshield.room.RoomRegistry;
import io.magicshield.room.StreamPlace;
import io.magicshield.rtc.IceServer;
import io.magicshield.session.EndReason;
import io.magicshield.session.MediaRole;
import io.magicshield.session.RefusalReason;
import io.magicshield.session.SessionRefusedException;
import io.magicshield.session.ShieldSession;
import io.magicshield.web.TrustedProxies;
import io.magicshield.whep.WhepPage;
import io.magicshield.whep.WhepRoute;
import io.magicshield.whep.WhepServlet;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WHIP ingest (the IETF WHIP conventions): a publisher that is not our page (OBS, GStreamer, a browser's own
 * script) {@code POST}s an SDP offer to {@code /whip} (a new room) or {@code /whip/<roomId>} (a tile in that room)
 * with {@code Authorization: Bearer <token>} ({@link WhipAccess}). Its video is a participant's camera: processed
 * by the native pass, counted against the server's sessions, shown to the room, and playable by WHEP at
 * {@code /whep/<streamId>}. The answer is {@code 201} with {@code Location: /whip/<streamId>/<sessionId>} (with this
 * node's route, for the balancer: {@code ;jsessionid=<roomId>.<route>}), an
 * {@code ETag}, the ICE servers in {@code Link} headers and every server candidate in the SDP; {@code DELETE} on the
 * location ends it; no trickle ({@code PATCH} is {@code 405}). The offer limits and refusals are WHEP's.
 */
@WebServlet(WhipServlet.PATH + "*")
public class WhipServlet extends HttpServlet {

    static final String PATH = "/whip/";

    private static final Pattern ROOM = Pattern.compile("/([A-Za-z0-9_-]{1,64})");

    @Inject
    RoomRegistry rooms;

    @Inject
    MediaSettings media;

    @Inject
    WhipAccess access;

    @Inject
    WhipPublishers publishers;

    @Inject
    TrustedProxies proxies;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!authorized(request, response)) {
            return;
        }
        String path = pathOf(request);
        Matcher room = ROOM.matcher(path);
        if (!path.isEmpty() && !path.equals("/") && !room.matches()) {
            WhepServlet.refuse(response, HttpServletResponse.SC_NOT_FOUND, "no such room");
            return;
        }
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/sdp")) {
            WhepServlet.refuse(
                    response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "send the offer as application/sdp");
            return;
        }
        if (room.matches()) { // a room on another node: redirected there through the balancer, as WHEP is
            String roomId = room.group(1);
            Optional<String> host = rooms.route(roomId).filter(route -> !route.equals(rooms.localRoute()));
            if (host.isPresent()) {
                WhepServlet.answer(
                        response,
                        WhepRoute.decide(
                                PATH + roomId,
                                roomId,
                                StreamPlace.elsewhere(host.get()),
                                WhepRoute.carriesRoute(request)));
                return;
            }
        }
        String offer = WhepServlet.readOffer(request);
        if (offer == null) {
            WhepServlet.refuse(
                    response,
                    HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                    "offers are " + WhepServlet.MAX_OFFER_BYTES + " bytes at most");
            return;
        }
        Optional<String> problem = PublishOffer.problem(offer);
        if (problem.isPresent()) {
            WhepServlet.refuse(response, HttpServletResponse.SC_BAD_REQUEST, problem.get());
            return;
        }
        String address = proxies.client(request);
        String roomId;
        try {
            roomId = room.matches() ? room.group(1) : rooms.create(address);
        } catch (RoomRefusedException e) {
            WhepServlet.refuse(response, status(e), e.getMessage());
            return;
        }
        publish(response, roomId, address, offer);
    }

    private void publish(HttpServletResponse response, String roomId, String address, String offer) throws IOException {
        String[] sessionId = new String[1];
        WhepPage page = new WhepPage(() -> {
            if (sessionId[0] != null) {
                publishers.remove(sessionId[0]);
            }
        });
        Member member;
        try {
            member = rooms.join(roomId, MediaRole.CAMERA, null, address, media.effectDefaults(), page);
        } catch (RoomRefusedException e) {
            WhepServlet.refuse(response, status(e), e.getMessage());
            return;
        } catch (SessionRefusedException e) {
            WhepServlet.refuse(
                    response,
                    e.reason() == RefusalReason.RATE_LIMITED ? 429 : HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    e.getMessage());
            return;
        }
        ShieldSession session = member.session();
        sessionId[0] = session.id();
        publishers.add(new WhipPublishers.Publisher(member.streamId(), session, Instant.now()));
        if (page.answer().isDone()) { // ended before it was registered
            publishers.remove(session.id());
        }
        session.acceptOffer(offer);
        String answer;
        try {
            answer = page.answer().get(WhepServlet.ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            WhepServlet.refuse(
                    response, HttpServletResponse.SC_BAD_REQUEST, e.getCause().getMessage());
            return;
        } catch (TimeoutException e) {
            session.end(EndReason.NEGOTIATION_FAILED, "no answer within " + WhepServlet.ANSWER_WAIT.toSeconds() + " s");
            WhepServlet.refuse(
                    response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "the server could not answer in time");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.end(EndReason.SERVER_SHUTDOWN, "interrupted");
            WhepServlet.refuse(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "the server is stopping");
            return;
        }
        response.setStatus(HttpServletResponse.SC_CREATED);
        // with this node's route, so that the balancer sends the publisher's DELETE here (WhepRoute)
        response.setHeader(
                "Location",
                WhepRoute.routed(PATH + member.streamId() + "/" + session.id(), roomId, rooms.localRoute()));
        // the ICE session's tag (WHIP, section 4.3): a PATCH would need it in If-Match; there is one ICE session
        response.setHeader("ETag", "\"" + session.id() + "\"");
        response.setHeader("Cache-Control", "no-store");
        for (IceServer server : session.iceServers()) {
            for (String url : server.urls()) {
                response.addHeader("Link", WhepServlet.link(url, server));
            }
        }
        response.setContentType("application/sdp");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(answer);
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!authorized(request, response)) {
            return;
        }
        Matcher path = WhepServlet.RESOURCE.matcher(pathOf(request));
        WhipPublishers.Publisher publisher =
                path.matches() ? publishers.find(path.group(2)).orElse(null) : null;
        if (publisher == null || !publisher.streamId().equals(path.group(1))) {
            WhepServlet.refuse(response, HttpServletResponse.SC_NOT_FOUND, "no such WHIP session");
            return;
        }
        publisher.session().end(EndReason.STOPPED, "ended by the WHIP publisher (DELETE)");
        response.setStatus(HttpServletResponse.SC_OK);
    }

    /** PATCH (trickle ICE, ICE restart) is refused: the answer carries every server candidate. */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if ("PATCH".equals(request.getMethod())) {
            response.setHeader("Allow", "POST, DELETE");
            WhepServlet.refuse(
                    response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "trickle ICE is not supported (no PATCH)");
        } else {
            super.service(request, response);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Allow", "POST, DELETE");
        WhepServlet.refuse(
                response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "WHIP takes POST (an offer) and DELETE");
    }

    /** Refuses the request unless its bearer token may publish; the token itself is never logged or echoed. */
    private boolean authorized(HttpServletRequest request, HttpServletResponse response) throws IOException {
        WhipAccess.Verdict verdict = access.check(Collections.list(request.getHeaders("Authorization")), Instant.now());
        switch (verdict) {
            case ALLOWED -> {
                return true;
            }
            case DISABLED ->
                WhepServlet.refuse(
                        response,
                        HttpServletResponse.SC_FORBIDDEN,
                        "WHIP publishing is off on this server (" + WhipAccess.TOKENS_PROPERTY + " or "
                                + WhipAccess.SECRET_PROPERTY + " turns it on)");
            default -> {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"whip\", error=\"invalid_token\"");
                WhepServlet.refuse(response, HttpServletResponse.SC_UNAUTHORIZED, message(verdict));
            }
        }
        return false;
    }

    static String message(WhipAccess.Verdict verdict) {
        return switch (verdict) {
            case MISSING -> "send the publishing token as Authorization: Bearer <token>";
            case EXPIRED -> "the publishing token has expired";
            default -> "the publishing token is not valid";
        };
    }

    private static int status(RoomRefusedException e) {
        return switch (e.reason()) {
            case NOT_FOUND -> HttpServletResponse.SC_NOT_FOUND;
            case RATE_LIMITED -> 429;
            default -> HttpServletResponse.SC_SERVICE_UNAVAILABLE;
        };
    }

    private static String pathOf(HttpServletRequest request) {
        String path = request.getPathInfo();
        return path == null ? "" : path;
    }
}
