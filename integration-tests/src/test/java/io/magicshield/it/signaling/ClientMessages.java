package io.magicshield.it.signaling;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/** The page's messages of docs/protocol.md, built as the page builds them. */
public final class ClientMessages {

    private ClientMessages() {}

    public static JsonObject start() {
        return type("start").build();
    }

    public static JsonObject start(JsonObject options) {
        return type("start").add("options", options).build();
    }

    /** Joins a room as a participant. */
    public static JsonObject join(String room) {
        return type("join").add("room", room).add("role", "participant").build();
    }

    public static JsonObject offer(String sdp) {
        return type("offer").add("sdp", sdp).build();
    }

    public static JsonObject ice(String candidate, String sdpMid, int sdpMLineIndex) {
        return type("ice")
                .add("candidate", candidate)
                .add("sdpMid", sdpMid)
                .add("sdpMLineIndex", sdpMLineIndex)
                .build();
    }

    /** The end of the page's candidates, as a browser's null candidate is sent. */
    public static JsonObject endOfCandidates() {
        return type("ice")
                .add("candidate", "")
                .addNull("sdpMid")
                .addNull("sdpMLineIndex")
                .build();
    }

    public static JsonObject options(JsonObject changes) {
        return type("options").add("options", changes).build();
    }

    public static JsonObject stop() {
        return type("stop").build();
    }

    private static JsonObjectBuilder type(String type) {
        return Json.createObjectBuilder().add("type", type);
    }
}
