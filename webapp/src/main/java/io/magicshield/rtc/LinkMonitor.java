package io.magicshield.rtc;

import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCStatsReport;
import io.magicshield.media.LinkLadder;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads one peer's own WebRTC stats when asked (once a second): the sender's bandwidth estimate goes to the
 * {@link LinkLadder} that sizes the processed video, and what the link did since the last reading is kept for the
 * page's stats report. WebRTC delivers the stats on its signaling thread, one reading at a time, so nothing here
 * blocks and a reading still under way makes the next request a no-op.
 */
final class LinkMonitor {

    private final RTCPeerConnection pc;
    private final LinkLadder ladder;
    private final AtomicBoolean reading = new AtomicBoolean();
    private final AtomicReference<LinkReport> latest = new AtomicReference<>();
    /** Only touched by the stats callbacks, which WebRTC runs one at a time. */
    private LinkSample previous;

    LinkMonitor(RTCPeerConnection pc, LinkLadder ladder) {
        this.pc = pc;
        this.ladder = ladder;
    }

    /** Asks for a reading; the caller makes sure the connection is not closed meanwhile. */
    void request() {
        if (reading.compareAndSet(false, true)) {
            pc.getStats(this::onStats);
        }
    }

    /** What the link did between the last two readings; null before there were two. */
    LinkReport latest() {
        return latest.get();
    }

    private void onStats(RTCStatsReport report) {
        try {
            LinkSample now = LinkSample.of(report.getTimestamp(), report.getStats().values());
            if (previous != null) {
                LinkReport interval = LinkReport.between(previous, now);
                if (interval != null) {
                    latest.set(interval);
                }
            }
            previous = now;
            ladder.update(now.estimateKbps(), System.nanoTime());
        } finally {
            reading.set(false);
        }
    }
}
