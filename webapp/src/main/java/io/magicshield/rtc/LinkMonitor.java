package io.magicshield.rtc;

import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCStatsReport;
import io.magicshield.media.LinkLadder;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Follows one peer's link from its own WebRTC stats, read when asked (once a second): the sender's bandwidth estimate
 * sizes the processed video ({@link LinkLadder}) and caps the sender's bitrate ({@link MaxBitrate}), and what the link
 * did since the last reading is kept for the page's stats report. WebRTC delivers the stats on its signaling thread,
 * one reading at a time, so nothing here blocks, and a reading still under way makes the next request a no-op.
 */
final class LinkMonitor {

    private static final Logger LOG = Logger.getLogger(LinkMonitor.class.getName());

    private final RTCPeerConnection pc;
    private final RTCRtpSender sender;
    private final MaxBitrate maxBitrate;
    private final LinkLadder ladder;
    private final AtomicBoolean reading = new AtomicBoolean();
    private final AtomicReference<LinkReport> latest = new AtomicReference<>();
    private final StartProbes startProbes = new StartProbes();
    /** Touched by the stats callbacks and by {@link #capSender} (on the signaling thread too), one at a time. */
    private LinkSample previous;

    private int appliedCapKbps;

    /** @param sender the processed video's sender; null for a viewer's peer */
    LinkMonitor(RTCPeerConnection pc, RTCRtpSender sender, MaxBitrate maxBitrate, LinkLadder ladder) {
        this.pc = pc;
        this.sender = sender;
        this.maxBitrate = maxBitrate;
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

    /**
     * Caps the sender for this estimate (NaN: none yet, the configured cap); its encodings exist once the answer is
     * applied. A cap that cannot be set leaves the one before.
     */
    void capSender(double estimateKbps) {
        if (sender == null) {
            return; // a viewer's peer: no processed video of its own to cap
        }
        int wanted = maxBitrate.capFor(estimateKbps);
        if (!MaxBitrate.worthChanging(appliedCapKbps, wanted)) {
            return;
        }
        try {
            MaxBitrate.apply(sender, wanted);
            appliedCapKbps = wanted;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the video's bitrate cap could not be set to " + wanted + " kbps", e);
        }
    }

    private void onStats(RTCStatsReport report) {
        try {
            LinkSample now =
                    LinkSample.of(report.getTimestamp(), report.getStats().values());
            if (previous != null) {
                LinkReport interval = LinkReport.between(previous, now);
                if (interval != null) {
                    latest.set(interval);
                }
            }
            previous = now;
            LinkLadder.Step step = ladder.update(now.estimateKbps(), System.nanoTime());
            capSender(startProbes.probeAt(step) ? Double.NaN : now.estimateKbps());
        } finally {
            reading.set(false);
        }
    }
}
