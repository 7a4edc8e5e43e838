package io.magicshield.whep;

import io.magicshield.room.RoomPageServlet;
import io.magicshield.room.StreamPlace;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * What a WHEP offer is answered with on this server, by where its stream plays (docs/cluster.md, "WHEP and WHIP
 * through the balancer"). A stream in a room on another node is answered {@code 307 Temporary Redirect} to the same path on this
 * origin with that node's sticky route, which WildFly's balancer (Undertow's mod_cluster filter) follows: the path
 * parameter {@value #ROUTE_PARAMETER}, whose value is routed by everything after its first dot. A player resends its
 * POST with the offer to it (RFC 9110, 15.4.8; fetch and the WHEP players do). The redirect names only a route from
 * the room directory, never anything from the request, and a request that already carries a route is never
 * redirected again: one redirect at most, and no loop when a route names a node that does not host the stream.
 */
public final class WhepRoute {

    /**
     * mod_cluster's default sticky-session path parameter (the nodes report the servlet's {@code jsessionid}); its
     * {@code JSESSIONID} cookie would be honoured first, but a cookie would outlive the one request it is meant for.
     */
    static final String ROUTE_PARAMETER = "jsessionid";
    /**
     * A drained node's participants are back on another node 0.1-1.3 s after they are told to move (docs/cluster.md,
     * "Measured"), so a player that asks again after this finds the stream there.
     */
    static final Duration MOVING_RETRY = Duration.ofSeconds(2);
    /** A route the redirect may name: a node name (jboss.node.name), nothing that could leave the path parameter. */
    private static final Pattern ROUTE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private WhepRoute() {}

    /**
     * The answer, unless the stream plays here.
     *
     * @param status   the HTTP status; 0 when the stream plays here
     * @param location for a 307: this origin's path that the balancer routes to the stream's node
     * @param message  the reason, for a refusal
     */
    public record Decision(int status, String location, String message) {

        static final Decision PLAY = new Decision(0, null, null);

        public boolean plays() {
            return status == 0;
        }
    }

    /**
     * @param path   the request's path without parameters ({@code /whep/<streamId>}, or WHIP's {@code /whip/<roomId>})
     * @param roomId the room of the stream (WHEP) or the room joined (WHIP): a well-formed id, without a dot
     * @param place  where it plays, from this server's rooms and the room directory
     * @param routed whether the request carries a sticky route already (the balancer chose its node by it)
     */
    public static Decision decide(String path, String roomId, StreamPlace place, boolean routed) {
        return switch (place.kind()) {
            case HERE -> Decision.PLAY;
            case ELSEWHERE ->
                routed || !ROUTE.matcher(place.route()).matches()
                        ? new Decision(
                                HttpServletResponse.SC_NOT_FOUND,
                                null,
                                "not on the server this request was routed to: ask again without a route")
                        : new Decision(
                                HttpServletResponse.SC_TEMPORARY_REDIRECT,
                                routed(path, roomId, place.route()),
                                "on another server: ask there (same origin)");
            case MOVING ->
                new Decision(
                        HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                        null,
                        "the stream's server is being drained and its room is moving to another server: try again in "
                                + MOVING_RETRY.toSeconds() + " s");
            case GONE ->
                new Decision(
                        HttpServletResponse.SC_NOT_FOUND,
                        null,
                        "the server that played this stream has left the cluster, and the stream ended with it");
            case NONE ->
                new Decision(HttpServletResponse.SC_NOT_FOUND, null, "no such stream: it never was, or it has ended");
        };
    }

    /** Whether a session id (a cookie's or a path parameter's value) names a route: the balancer's form, a dot. */
    static boolean routes(String sessionId) {
        return sessionId != null && sessionId.indexOf('.') >= 0;
    }

    /**
     * Whether a request URI carries the {@value #ROUTE_PARAMETER} path parameter with a route, as the balancer reads
     * it (its name exactly; its value up to the next {@code ;} or {@code /}).
     */
    static boolean routedUri(String requestUri) {
        if (requestUri == null) {
            return false;
        }
        String name = ";" + ROUTE_PARAMETER + "=";
        for (int at = requestUri.indexOf(name); at >= 0; at = requestUri.indexOf(name, at + 1)) {
            int from = at + name.length();
            int end = from;
            while (end < requestUri.length() && requestUri.charAt(end) != ';' && requestUri.charAt(end) != '/') {
                end++;
            }
            if (routes(requestUri.substring(from, end))) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code path} with the sticky route to the node {@code route}: {@code ;jsessionid=<roomId>.<route>}. The room id
     * has no dot, so the balancer reads exactly {@code route}; the node itself takes no session from it (it uses
     * none).
     */
    public static String routed(String path, String roomId, String route) {
        return path + ";" + ROUTE_PARAMETER + "=" + roomId + "." + route;
    }

    /**
     * Whether the request names a sticky route, as the balancer reads one: a {@code JSESSIONID} cookie or a
     * {@code jsessionid} path parameter with a dot. Both are read as sent: WildFly's requested session id has the
     * route taken off a cookie's value and ignores the parameter (seen in ClusterWhepIT).
     */
    public static boolean carriesRoute(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        return (cookies != null
                        && Arrays.stream(cookies)
                                .anyMatch(
                                        c -> RoomPageServlet.ROUTE_COOKIE.equals(c.getName()) && routes(c.getValue())))
                || routedUri(request.getRequestURI());
    }
}
