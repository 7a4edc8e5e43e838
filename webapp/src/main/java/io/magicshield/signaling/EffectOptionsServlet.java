package io.magicshield.signaling;

import io.magicshield.media.MediaSettings;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /effect-options}: the options the page offers, with their ranges and this server's defaults. */
@WebServlet("/effect-options")
public class EffectOptionsServlet extends HttpServlet {

    @Inject
    MediaSettings media;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        // The defaults follow the configuration, which a redeploy may change.
        response.setHeader("Cache-Control", "no-cache");
        response.getWriter()
                .write(EffectOptionsDocument.of(media.effectDefaults()).toString());
    }
}
