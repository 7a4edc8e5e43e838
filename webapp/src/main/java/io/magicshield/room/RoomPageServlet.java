package io.magicshield.room;

import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code /room/<id>}: the room page ({@code ?view} to watch, {@code ?autostart} to join at once) for an open room;
 * for any other id a short page that says the room does not exist or has ended (404), rather than a page that
 * waits for a room that will never answer.
 *
 * <p>In a cluster the page also gets the route to the room's server: a {@value #ROUTE_COOKIE} cookie for the signaling
 * path whose value ends in {@code .<route>}, the sticky-session form that mod_cluster's balancer follows, so the
 * page's socket reaches the room's server whichever server served the page (docs/cluster.md). The servers use no
 * HTTP sessions, so the cookie names none.
 */
@WebServlet(RoomPageServlet.PATH + "*")
public class RoomPageServlet extends HttpServlet {

    static final String PATH = "/room/";
    /** The cookie mod_cluster's balancer reads a route from: the session cookie name the nodes report to it. */
    public static final String ROUTE_COOKIE = "JSESSIONID";
    /** Where the page's signaling socket goes (SignalingEndpoint): the one request the route has to steer. */
    private static final String SIGNALING_PATH = "/ws/";

    private static final String GONE = """
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Magic Shield: no such room</title>
            <link rel="stylesheet" href="/css/app.css"></head>
            <body><main class="gone"><h1>This room does not exist or has ended</h1>
            <p>Ask for a new link, or <a href="/">start alone or create a room</a>.</p></main></body>
            </html>
            """;

    @Inject
    RoomRegistry rooms;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        String path = request.getPathInfo();
        String id = path == null ? "" : path.substring(1);
        if (rooms.isOpen(id)) {
            Optional<String> route = rooms.route(id);
            Cookie cookie =
                    new Cookie(ROUTE_COOKIE, route.map(r -> id + "." + r).orElse(""));
            cookie.setPath(SIGNALING_PATH);
            cookie.setHttpOnly(true);
            if (route.isEmpty()) {
                // no server hosts the room now (its server was killed or drained): an earlier route goes, or the
                // balancer would still send the socket to a drained server, which takes sticky requests
                cookie.setMaxAge(0);
            }
            response.addCookie(cookie);
            response.setHeader("Cache-Control", "no-cache");
            request.getRequestDispatcher("/room.html").forward(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(GONE);
    }
}
