package io.magicshield.metrics;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Collections;

/**
 * {@code GET /metrics}: the Prometheus scrape endpoint (WildFly 38 has no MicroProfile Metrics), for the clients
 * {@link MetricsAccess} lets in. A refusal says in its body how to get access.
 */
@WebServlet("/metrics")
public class MetricsServlet extends HttpServlet {

    @Inject
    ServerMetrics metrics;

    @Inject
    MetricsAccess access;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        MetricsAccess.Decision decision = access.decide(
                Collections.list(request.getHeaders("Authorization")),
                request.getRemoteAddr(),
                MetricsAccess.FORWARDING_HEADERS.stream().anyMatch(name -> request.getHeader(name) != null));
        switch (decision) {
            case ALLOWED -> {
                StringWriter text = new StringWriter();
                metrics.write(new PrometheusWriter(text));
                response.setContentType(PrometheusWriter.CONTENT_TYPE);
                response.getWriter().write(text.toString());
            }
            case UNAUTHORIZED -> {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"metrics\"");
                refuse(
                        response,
                        HttpServletResponse.SC_UNAUTHORIZED,
                        "metrics need \"Authorization: Bearer " + "<token>\" with the token set in "
                                + MetricsAccess.PROPERTY);
            }
            case FORBIDDEN ->
                refuse(
                        response,
                        HttpServletResponse.SC_FORBIDDEN,
                        "metrics are served to loopback "
                                + "clients only (127.0.0.1, ::1; not through a proxy). To scrape from elsewhere, set "
                                + MetricsAccess.PROPERTY + " (environment: MAGICSHIELD_METRICS_TOKEN) and send "
                                + "\"Authorization: Bearer <token>\" (README: Operating it)");
        }
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(message + "\n");
    }
}
