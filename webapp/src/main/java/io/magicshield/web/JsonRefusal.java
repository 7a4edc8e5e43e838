package io.magicshield.web;

import jakarta.json.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The body of a refused request on the JSON APIs ({@code /api/rooms}, {@code /api/drain}): its code and why. */
public final class JsonRefusal {

    private JsonRefusal() {}

    /** Answers {@code status} with {@code {"error": error, "message": message}}. */
    public static void send(HttpServletResponse response, int status, String error, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter()
                .write(Json.createObjectBuilder()
                        .add("error", error)
                        .add("message", message)
                        .build()
                        .toString());
    }
}
