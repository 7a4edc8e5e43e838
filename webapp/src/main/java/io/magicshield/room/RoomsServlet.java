package io.magicshield.room;

import io.magicshield.web.JsonRefusal;
import io.magicshield.web.OriginPolicy;
import io.magicshield.web.TrustedProxies;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code POST /api/rooms}: creates a room and answers {@code 201} with {@code {"id", "url"}} (and the page's URL in
 * {@code Location}); {@code 403} when the request comes from a page of an origin the signaling would refuse (a
 * cross-site form needs no preflight, so without it any site could make rooms in its visitors' names), {@code 429}
 * when the client's address (named by a trusted proxy's X-Forwarded-For behind a cluster's balancer) created too
 * many lately, on any server of the cluster, {@code 503} when the server has as many rooms as it may. Every refusal
 * is {@code {"error", "message"}}. The request's body is not read.
 */
@WebServlet("/api/rooms")
public class RoomsServlet extends HttpServlet {

    /** The {@code error} of a refused Origin: the signaling's error code for the same refusal. */
    static final String ORIGIN_REFUSED = "ORIGIN_REFUSED";

    @Inject
    RoomRegistry rooms;

    @Inject
    OriginPolicy origins;

    @Inject
    TrustedProxies proxies;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        String origin = request.getHeader("Origin");
        if (!origins.allows(origin, request.getHeader("Host"))) {
            JsonRefusal.send(response, HttpServletResponse.SC_FORBIDDEN, ORIGIN_REFUSED, OriginPolicy.refusal(origin));
            return;
        }
        try {
            String id = rooms.create(proxies.client(request));
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
            response.setHeader("Retry-After", rate ? "60" : "300");
            JsonRefusal.send(
                    response,
                    rate ? 429 : HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    e.reason().name(),
                    e.getMessage());
        }
    }
}
