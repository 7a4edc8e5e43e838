package io.magicshield.room;

import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code /room/<id>}: the room page ({@code ?view} to watch, {@code ?autostart} to join at once) for an open room;
 * for any other id a short page that says the room does not exist or has ended (404), rather than a page that
 * waits for a room that will never answer.
 */
@WebServlet(RoomPageServlet.PATH + "*")
public class RoomPageServlet extends HttpServlet {

    static final String PATH = "/room/";

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
