package io.magicshield.metrics;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.StringWriter;

/** {@code GET /metrics}: the Prometheus scrape endpoint (WildFly 38 has no MicroProfile Metrics). */
@WebServlet("/metrics")
public class MetricsServlet extends HttpServlet {

    @Inject
    ServerMetrics metrics;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        StringWriter text = new StringWriter();
        metrics.write(new PrometheusWriter(text));
        response.setContentType(PrometheusWriter.CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(text.toString());
    }
}
