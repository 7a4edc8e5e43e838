package io.magicshield.rtc;

import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code stats} DataChannel the page opens: answers {@code ping} with {@code pong} at once (the page measures
 * the round trip) and carries the server's {@link StatsReport}s. Callbacks run on WebRTC's signaling thread, so
 * nothing here blocks: a send only queues bytes.
 */
final class StatsChannel implements RTCDataChannelObserver {

    static final String LABEL = "stats";
    private static final Logger LOG = Logger.getLogger(StatsChannel.class.getName());
    private static final int MAX_PING_BYTES = 256;
    /** A page that stops reading gets no more reports rather than an ever-growing buffer. */
    private static final long MAX_BUFFERED_BYTES = 64 * 1024;

    private final RTCDataChannel channel;
    private final JsonProvider json;

    StatsChannel(RTCDataChannel channel, JsonProvider json) {
        this.channel = channel;
        this.json = json;
        channel.registerObserver(this);
    }

    @Override
    public void onMessage(RTCDataChannelBuffer buffer) {
        if (buffer.binary || buffer.data.remaining() > MAX_PING_BYTES) {
            return;
        }
        String text = StandardCharsets.UTF_8.decode(buffer.data.duplicate()).toString();
        try (JsonReader reader = json.createReader(new StringReader(text))) {
            JsonObject ping = reader.readObject();
            if ("ping".equals(ping.getString("type", "")) && ping.get("id") instanceof JsonNumber id) {
                JsonObjectBuilder pong = json.createObjectBuilder().add("type", "pong").add("id", id);
                if (ping.get("t") instanceof JsonNumber t) {
                    pong.add("t", t);
                }
                send(pong.build());
            }
        } catch (JsonException | ClassCastException e) {
            LOG.log(Level.FINE, "ignored a malformed stats channel message", e);
        }
    }

    void send(StatsReport report) {
        JsonObjectBuilder message = json.createObjectBuilder()
                .add("type", "stats")
                .add("cpu", round(report.cpu(), 3))
                .add("sessions", report.sessions())
                .add("processingMsP50", Double.isNaN(report.processingMsP50()) ? 0 : round(report.processingMsP50(), 2))
                .add("fpsIn", round(report.fpsIn(), 1))
                .add("fpsOut", round(report.fpsOut(), 1))
                .add("drops", report.drops())
                .add("hands", report.hands())
                .add("framesWithShield", report.framesWithShield());
        if (report.link() != null) {
            message.add("link", link(report.link()));
        }
        send(message.build());
    }

    /** The server's view of the link (docs/protocol.md); figures WebRTC does not have yet are left out. */
    private JsonObjectBuilder link(LinkReport link) {
        JsonObjectBuilder out = json.createObjectBuilder()
                .add("sentWidth", link.sentWidth())
                .add("sentHeight", link.sentHeight())
                .add("sentKbps", round(link.sentKbps(), 0))
                .add("sentFps", round(link.sentFps(), 1))
                .add("limitation", link.limitation())
                .add("cameraLoss", round(link.cameraLoss(), 4))
                .add("cameraWidth", link.cameraWidth())
                .add("cameraHeight", link.cameraHeight())
                .add("nacksReceived", link.nacksReceived())
                .add("plisReceived", link.plisReceived())
                .add("nacksSent", link.nacksSent())
                .add("plisSent", link.plisSent());
        addFinite(out, "estimateKbps", link.estimateKbps(), 0);
        addFinite(out, "roundTripMs", link.roundTripMs(), 1);
        addFinite(out, "lossToPage", link.lossToPage(), 4);
        addFinite(out, "serverDelayMs", link.serverDelayMs(), 1);
        return out;
    }

    private static void addFinite(JsonObjectBuilder out, String name, double value, int decimals) {
        if (Double.isFinite(value)) {
            out.add(name, round(value, decimals));
        }
    }

    private void send(JsonObject message) {
        if (channel.getState() != RTCDataChannelState.OPEN || channel.getBufferedAmount() > MAX_BUFFERED_BYTES) {
            return;
        }
        byte[] bytes = message.toString().getBytes(StandardCharsets.UTF_8);
        try {
            channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(bytes), false));
        } catch (Exception e) {
            LOG.log(Level.FINE, "stats channel send failed", e);
        }
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    @Override
    public void onStateChange() {
        // the state is read when sending
    }

    @Override
    public void onBufferedAmountChange(long previousAmount) {
        // sends are skipped while too much is buffered
    }
}
