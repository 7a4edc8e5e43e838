package io.magicshield.it.rtc;

import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * A room member's side of the {@code audio} DataChannel (docs/protocol.md, "Room audio"): counts the chunks the
 * server forwards, by the speaker's number in their first two bytes, and sends whatever bytes a test gives it (a
 * page's chunk, or a forged one). Callbacks run on WebRTC's signaling thread and only count.
 */
public final class AudioChannelProbe implements RTCDataChannelObserver {

    /**
     * One Opus packet of 20 ms of silence: TOC 0xF8 (CELT, full band, 20 ms, mono, one frame) and two bytes that
     * decode to silence.
     */
    public static final byte[] OPUS_SILENCE = {(byte) 0xF8, (byte) 0xFF, (byte) 0xFE};

    private final RTCDataChannel channel;
    private final Map<Integer, Integer> chunksBySource = new TreeMap<>();
    private int malformed;

    AudioChannelProbe(RTCDataChannel channel) {
        this.channel = channel;
        channel.registerObserver(this);
    }

    public boolean isOpen() {
        return channel.getState() == RTCDataChannelState.OPEN;
    }

    /** Bytes sent on this channel that are still waiting to leave. */
    public long bufferedAmount() {
        return channel.getBufferedAmount();
    }

    /** Sends these bytes as one message, binary or as text; false when the channel is not open. */
    public synchronized boolean send(byte[] bytes, boolean binary) {
        if (!isOpen()) {
            return false;
        }
        try {
            channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(bytes), binary));
            return true;
        } catch (Exception e) {
            throw new IllegalStateException("audio channel send failed", e);
        }
    }

    /** Sends a chunk as a page does: the 8-byte header (sequence, timestamp in ms), then the Opus packet. */
    public boolean sendChunk(int sequence, int timestampMs, byte[] opus) {
        return send(
                ByteBuffer.allocate(8 + opus.length)
                        .putInt(sequence)
                        .putInt(timestampMs)
                        .put(opus)
                        .array(),
                true);
    }

    /** Chunks received so far, by the speaker's number. */
    public synchronized Map<Integer, Integer> chunksBySource() {
        return Map.copyOf(chunksBySource);
    }

    /** Messages received that were not a binary chunk with a speaker's number. */
    public synchronized int malformed() {
        return malformed;
    }

    @Override
    public synchronized void onMessage(RTCDataChannelBuffer buffer) {
        if (!buffer.binary || buffer.data.remaining() < 2) {
            malformed++;
            return;
        }
        ByteBuffer data = buffer.data.duplicate();
        int source = Short.toUnsignedInt(data.getShort());
        chunksBySource.merge(source, 1, Integer::sum);
    }

    @Override
    public void onStateChange() {
        // the state is read when sending
    }

    @Override
    public void onBufferedAmountChange(long previousAmount) {
        // nothing waits on it
    }

    void close() {
        channel.unregisterObserver();
        channel.close();
        channel.dispose();
    }
}
