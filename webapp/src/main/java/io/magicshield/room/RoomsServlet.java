package io.magicshield.room;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code POST /api/rooms}: creates a room and answers {@code 201} with {@code {"id", "url"}} (and the page's URL in
 * {@code Location}); {@code 429} when the address created too many lately, {@code 503} when the server has as many
 * rooms as it may. The request's body is not read.
 */
@WebServlet("/api/rooms")
public class RoomsServlet extends HttpServlet {

    @Inject
    RoomRegistry rooms;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        try {
            String id = rooms.create(request.getRemoteAddr());
            String url = RoomPageServlet.PATH + id;
            response.setStatus(HttpServletResponse.SC_CREATED);
            response.setHeader("Location", url);
            response.getWriter()
                    .write(Json.createObjectBuilder()
                            .add("id", id)
                            .add("url", url)
                            .build()
                            .toString());
        } catch (RoomRefusedException e) {
            boolean rate = e.reason() == RoomRefusedException.Reason.RATE_LIMITED;
            response.setStatus(rate ? 429 : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setHeader("Retry-After", rate ? "60" : "300");
            response.getWriter()
                    .write(Json.createObjectBuilder()
                            .add("error", e.reason().name())
                            .add("message", e.getMessage())
                            .build()
                            .toString());
        }
    }
}
