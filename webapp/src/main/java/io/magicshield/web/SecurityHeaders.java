package io.magicshield.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * Security headers on every response of the application: the page, its scripts and styles, {@code /metrics} and
 * error pages (the ERROR dispatch too). The page loads only its own files (no inline script or style, no data: or
 * blob: URLs; the videos play MediaStreams, which are no URLs), so the policy needs no {@code 'unsafe-inline'};
 * {@code connect-src} falls back to {@code 'self'}, which covers the page's same-origin {@code ws:}/{@code wss:}
 * signaling in CSP Level 3 browsers.
 */
@WebFilter(
        urlPatterns = "/*",
        dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.ERROR, DispatcherType.ASYNC})
public class SecurityHeaders extends HttpFilter {

    static final Map<String, String> ALWAYS = Map.of(
            "Content-Security-Policy",
                    "default-src 'self'; base-uri 'self'; form-action 'self'; "
                            + "frame-ancestors 'none'; object-src 'none'",
            "X-Frame-Options", "DENY", // frame-ancestors for browsers without CSP 2
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            // camera and microphone for the page's own origin only (a room's participants send their microphone),
            // nothing else powerful, and no frame of another origin gets either
            "Permissions-Policy",
                    "camera=(self), microphone=(self), geolocation=(), display-capture=(), payment=(), "
                            + "usb=(), serial=(), hid=(), midi=()");
    /**
     * HTTPS responses only (RFC 6797 has browsers ignore it over http). No includeSubDomains: the LAN certificate is
     * for this machine alone. Browsers keep it only for host names with a trusted certificate, not for IP addresses.
     */
    static final String HSTS_NAME = "Strict-Transport-Security";

    static final String HSTS_VALUE = "max-age=31536000";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        ALWAYS.forEach(response::setHeader);
        if (request.isSecure()) {
            response.setHeader(HSTS_NAME, HSTS_VALUE);
        }
        chain.doFilter(request, response);
    }
}
