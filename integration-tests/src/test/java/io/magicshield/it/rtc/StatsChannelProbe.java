package io.magicshield.it.rtc;

import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The page's side of the {@code stats} DataChannel (docs/protocol.md): sends pings, measures the round trip from
 * each pong, and keeps the server's stats reports. Callbacks run on WebRTC's signaling thread and only record.
 */
public final class StatsChannelProbe implements RTCDataChannelObserver {

    private final RTCDataChannel channel;
    private final List<Double> roundTripsMs = Collections.synchronizedList(new ArrayList<>());
    private final List<JsonObject> reports = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> pongIds = Collections.synchronizedList(new ArrayList<>());
    private int nextPingId;

    StatsChannelProbe(RTCDataChannel channel) {
        this.channel = channel;
        channel.registerObserver(this);
    }

    public boolean isOpen() {
        return channel.getState() == RTCDataChannelState.OPEN;
    }

    /** Sends a ping stamped with the local clock in milliseconds, if the channel is open. */
    public synchronized void ping() {
        if (!isOpen()) {
            return;
        }
        JsonObject ping = Json.createObjectBuilder()
                .add("type", "ping")
                .add("id", ++nextPingId)
                .add("t", System.nanoTime() / 1e6)
                .build();
        try {
            channel.send(
                    new RTCDataChannelBuffer(ByteBuffer.wrap(ping.toString().getBytes(StandardCharsets.UTF_8)), false));
        } catch (Exception e) {
            throw new IllegalStateException("stats channel send failed", e);
        }
    }

    /** Sends this text as it is (as a page, or a hostile one, would), if the channel is open. */
    public synchronized void send(String text, boolean binary) {
        if (!isOpen()) {
            return;
        }
        try {
            channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), binary));
        } catch (Exception e) {
            throw new IllegalStateException("stats channel send failed", e);
        }
    }

    @Override
    public void onMessage(RTCDataChannelBuffer buffer) {
        // the buffer is only valid during this call
        String text = StandardCharsets.UTF_8.decode(buffer.data.duplicate()).toString();
        JsonObject message;
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            message = reader.readObject();
        }
        switch (message.getString("type", "")) {
            case "pong" -> {
                pongIds.add(message.getInt("id"));
                roundTripsMs.add(
                        System.nanoTime() / 1e6 - message.getJsonNumber("t").doubleValue());
            }
            case "stats" -> reports.add(message);
            default -> reports.add(message); // unexpected: kept so that a test sees it
        }
    }

    @Override
    public void onStateChange() {
        // the state is read when pinging
    }

    @Override
    public void onBufferedAmountChange(long previousAmount) {
        // pings are tiny and few
    }

    public List<Double> roundTripsMs() {
        synchronized (roundTripsMs) {
            return List.copyOf(roundTripsMs);
        }
    }

    /** The ids of the pongs received, in order. */
    public List<Integer> pongIds() {
        synchronized (pongIds) {
            return List.copyOf(pongIds);
        }
    }

    public List<JsonObject> reports() {
        synchronized (reports) {
            return List.copyOf(reports);
        }
    }
}
