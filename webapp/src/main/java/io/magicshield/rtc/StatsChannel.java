package io.magicshield.rtc;

import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import io.magicshield.media.LinkLadder;
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
 * the round trip) and carries the server's {@link StatsReport}s. A ping may carry the page's uplink estimate and its
 * camera's size: the camera's sender then follows its uplink by the same rules as the server's own, the picture by
 * the same {@link LinkLadder} (libwebrtc in the browser keeps a camera's resolution while the uplink starves it:
 * 640x480 at 240 kbit/s on a 300 kbit/s link) and the bitrate by the same {@link MaxBitrate}, and each report says
 * what the page's camera sender should take. Callbacks run on WebRTC's signaling thread, so nothing here blocks: a
 * send only queues bytes.
 */
final class StatsChannel implements RTCDataChannelObserver {

    static final String LABEL = "stats";
    private static final Logger LOG = Logger.getLogger(StatsChannel.class.getName());
    private static final int MAX_PING_BYTES = 256;
    /** A page that stops reading gets no more reports rather than an ever-growing buffer. */
    private static final long MAX_BUFFERED_BYTES = 64 * 1024;
    /** Beyond any camera a page may send (the frame-pixel cap is smaller): a ping claiming more is not believed. */
    private static final long MAX_CAMERA_PIXELS = 8192L * 8192;

    private static final double MAX_ESTIMATE_KBPS = 10_000_000;

    private final RTCDataChannel channel;
    private final JsonProvider json;
    /** The camera starts at its own size: the page's sender has its own start, and the estimate comes within 1 s. */
    private final LinkLadder cameraLadder = new LinkLadder(Double.POSITIVE_INFINITY);

    private final MaxBitrate maxBitrate;
    /** The camera's cap last reported (0: none); a new one only when it moves enough, as each resets its encoder. */
    private volatile int cameraCapKbps;

    StatsChannel(RTCDataChannel channel, JsonProvider json, MaxBitrate maxBitrate) {
        this.channel = channel;
        this.json = json;
        this.maxBitrate = maxBitrate;
        this.cameraCapKbps = maxBitrate.kbps();
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
                JsonObjectBuilder pong =
                        json.createObjectBuilder().add("type", "pong").add("id", id);
                if (ping.get("t") instanceof JsonNumber t) {
                    pong.add("t", t);
                }
                send(pong.build());
                followCamera(ping);
            }
        } catch (JsonException | ClassCastException e) {
            LOG.log(Level.FINE, "ignored a malformed stats channel message", e);
        }
    }

    /** The page's uplink estimate and camera size, where the ping has them and they make sense. */
    private void followCamera(JsonObject ping) {
        if (ping.get("upKbps") instanceof JsonNumber kbps
                && ping.get("cameraWidth") instanceof JsonNumber width
                && ping.get("cameraHeight") instanceof JsonNumber height) {
            long pixels = (long) width.intValue() * height.intValue();
            double estimate = kbps.doubleValue();
            if (width.intValue() >= 2
                    && height.intValue() >= 2
                    && pixels <= MAX_CAMERA_PIXELS
                    && estimate > 0
                    && estimate <= MAX_ESTIMATE_KBPS) {
                cameraLadder.stepFor(pixels);
                cameraLadder.update(estimate, System.nanoTime());
                int cap = maxBitrate.capFor(estimate);
                if (MaxBitrate.worthChanging(cameraCapKbps, cap)) {
                    cameraCapKbps = cap;
                }
            }
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
        LinkLadder.Step camera = cameraLadder.current();
        if (camera != null) {
            message.add(
                    "camera",
                    json.createObjectBuilder()
                            .add("scale", camera.scale())
                            .add("frameDivisor", camera.frameDivisor())
                            .add("maxKbps", cameraCapKbps));
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
        LinkReport.ServerDelay delay = link.serverDelay();
        addFinite(out, "serverDelayMs", delay.totalMs(), 1);
        JsonObjectBuilder stages = json.createObjectBuilder();
        addFinite(stages, "jitterBufferMs", delay.jitterBufferMs(), 1);
        addFinite(stages, "jitterTargetMs", delay.jitterTargetMs(), 1);
        addFinite(stages, "decodeMs", delay.decodeMs(), 1);
        addFinite(stages, "encodeMs", delay.encodeMs(), 1);
        addFinite(stages, "pacerMs", delay.pacerMs(), 1);
        out.add("serverDelay", stages);
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
