package io.magicshield.cluster;

import io.magicshield.metrics.MetricsAccess;
import io.magicshield.web.JsonRefusal;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;

/**
 * {@code /api/drain}, the operator's switch for draining this node (docs/cluster.md): {@code POST} begins the drain
 * ({@code 202}), {@code DELETE} ends it ({@code 200}), {@code GET} says where it stands ({@code 200}); each answers
 * {@code {"draining", "deadline", "secondsLeft", "sessions", "moved"}}. The same clients as {@code /metrics} may use
 * it ({@link MetricsAccess}: the metrics token, or loopback without a proxy's headers, so never through the
 * balancer without the token); a request from a web page (it carries {@code Origin}) never, or any site open in a
 * browser on the node's machine could drain it with a form. {@code 409} on a server that is no cluster node. The body
 * is not read. Refusals are {@code {"error", "message"}}.
 */
@WebServlet("/api/drain")
public class DrainServlet extends HttpServlet {

    @Inject
    Drain drain;

    @Inject
    MetricsAccess access;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (allowed(request, response)) {
            answer(response, HttpServletResponse.SC_OK, drain.status());
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (allowed(request, response)) {
            try {
                answer(response, HttpServletResponse.SC_ACCEPTED, drain.begin());
            } catch (ModClusterProxy.AbsentException e) {
                JsonRefusal.send(response, HttpServletResponse.SC_CONFLICT, "NOT_A_CLUSTER_NODE", e.getMessage());
            }
        }
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (allowed(request, response)) {
            try {
                answer(response, HttpServletResponse.SC_OK, drain.end());
            } catch (ModClusterProxy.AbsentException e) {
                JsonRefusal.send(response, HttpServletResponse.SC_CONFLICT, "NOT_A_CLUSTER_NODE", e.getMessage());
            }
        }
    }

    private boolean allowed(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        if (request.getHeader("Origin") != null) {
            JsonRefusal.send(
                    response,
                    HttpServletResponse.SC_FORBIDDEN,
                    "FORBIDDEN",
                    "the drain is an operator's command, not a web page's: send it without an Origin header (curl)");
            return false;
        }
        switch (access.decide(
                Collections.list(request.getHeaders("Authorization")),
                request.getRemoteAddr(),
                MetricsAccess.FORWARDING_HEADERS.stream().anyMatch(name -> request.getHeader(name) != null))) {
            case ALLOWED -> {
                return true;
            }
            case UNAUTHORIZED -> {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"drain\"");
                JsonRefusal.send(
                        response,
                        HttpServletResponse.SC_UNAUTHORIZED,
                        "UNAUTHORIZED",
                        "the drain needs \"Authorization: Bearer <token>\" with the token set in "
                                + MetricsAccess.PROPERTY);
                return false;
            }
            default -> {
                JsonRefusal.send(
                        response,
                        HttpServletResponse.SC_FORBIDDEN,
                        "FORBIDDEN",
                        "the drain is served to loopback clients only (127.0.0.1, ::1; not through a proxy or the"
                                + " balancer), or to any with the token of " + MetricsAccess.PROPERTY);
                return false;
            }
        }
    }

    private static void answer(HttpServletResponse response, int status, Drain.Status drain) throws IOException {
        JsonObjectBuilder body = Json.createObjectBuilder().add("draining", drain.draining());
        if (drain.draining()) {
            body.add("deadline", drain.deadline().toString())
                    .add(
                            "secondsLeft",
                            Math.max(
                                    0,
                                    Duration.between(Instant.now(), drain.deadline())
                                            .toSeconds()));
        } else {
            body.addNull("deadline").addNull("secondsLeft");
        }
        response.setStatus(status);
        response.getWriter()
                .write(body.add("sessions", drain.sessions())
                        .add("moved", drain.moved())
                        .build()
                        .toString());
    }
}
