package io.magicshield.rtc;

import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import io.magicshield.metrics.ServerMetrics;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A peer's {@code audio} DataChannel (unordered, no retransmits; docs/protocol.md, "room audio"): the page sends its
 * microphone as Opus chunks, each behind an 8-byte header (sequence, timestamp), and receives the other
 * participants' chunks, each behind the 2-byte number of the participant who spoke. The server never decodes them:
 * libwebrtc's audio engine aborts the JVM in webrtc-java 0.14 (the race in audio_send_stream.cc), a DataChannel
 * does not touch it. What a chunk is forwarded to is set by the room ({@link #forwardTo}); a chunk that is not
 * binary, shorter than its header or over {@link #MAX_CHUNK_BYTES} is dropped and counted, as is a forwarded chunk
 * whose receiver has more than {@link #MAX_BUFFERED_BYTES} waiting.
 */
public final class AudioChannel implements RTCDataChannelObserver {

    static final String LABEL = "audio";
    /** Sequence and timestamp, 4 bytes each, from the page. */
    public static final int HEADER_BYTES = 8;
    /** The header and Opus's largest packet (1275 bytes, RFC 6716); a 20 ms chunk at 32 kbit/s is about 80. */
    public static final int MAX_CHUNK_BYTES = HEADER_BYTES + 1275;
    /**
     * The per-receiver queue: about 0.5 s of three other participants at 32 kbit/s. Late sound is worse than none,
     * so beyond it chunks are dropped, not queued.
     */
    static final long MAX_BUFFERED_BYTES = 6 * 1024;

    private static final Logger LOG = Logger.getLogger(AudioChannel.class.getName());
    private static final int SOURCE_BYTES = 2;

    private final ServerMetrics metrics;
    /** Taken by sends and by {@link #unbind()}, so no send reaches a channel that teardown closes. */
    private final Object lock = new Object();

    private RTCDataChannel channel;
    private volatile Route route = Route.NONE;

    private record Route(int source, List<AudioChannel> targets) {
        static final Route NONE = new Route(0, List.of());
    }

    AudioChannel(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    /** The page's channel, when it opened one; a second is ignored (the peer closes it with the others). */
    void bind(RTCDataChannel opened) {
        synchronized (lock) {
            if (channel != null) {
                return;
            }
            channel = opened;
        }
        opened.registerObserver(this);
    }

    /** No more sends: teardown closes the channel next. */
    void unbind() {
        synchronized (lock) {
            channel = null;
        }
        route = Route.NONE;
    }

    /**
     * This peer's chunks from now on go to {@code targets}, marked with {@code source} (a participant's number, at
     * most 65535); no targets: its chunks are not forwarded (a viewer's, or one alone in its room).
     */
    public void forwardTo(int source, List<AudioChannel> targets) {
        if (source < 0 || source > 0xFFFF) {
            throw new IllegalArgumentException("source number out of range: " + source);
        }
        route = new Route(source, List.copyOf(targets));
    }

    @Override
    public void onMessage(RTCDataChannelBuffer buffer) {
        int length = buffer.data.remaining();
        if (!buffer.binary || length <= HEADER_BYTES || length > MAX_CHUNK_BYTES) {
            metrics.audioChunkDropped(ServerMetrics.AUDIO_MALFORMED);
            return;
        }
        Route current = route;
        if (current.targets().isEmpty()) {
            return;
        }
        // the buffer is WebRTC's only during this call
        byte[] forwarded = new byte[SOURCE_BYTES + length];
        forwarded[0] = (byte) (current.source() >>> 8);
        forwarded[1] = (byte) current.source();
        buffer.data.duplicate().get(forwarded, SOURCE_BYTES, length);
        metrics.audioChunkReceived();
        for (AudioChannel target : current.targets()) {
            target.send(forwarded);
        }
    }

    private void send(byte[] chunk) {
        synchronized (lock) {
            if (channel == null || channel.getState() != RTCDataChannelState.OPEN) {
                return; // a receiver without sound (a WHEP player) or not yet connected
            }
            if (channel.getBufferedAmount() > MAX_BUFFERED_BYTES) {
                metrics.audioChunkDropped(ServerMetrics.AUDIO_QUEUE_FULL);
                return;
            }
            try {
                channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(chunk), true));
            } catch (Exception e) {
                metrics.audioChunkDropped(ServerMetrics.AUDIO_SEND_FAILED);
                LOG.log(Level.FINE, "audio channel send failed", e);
            }
        }
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
