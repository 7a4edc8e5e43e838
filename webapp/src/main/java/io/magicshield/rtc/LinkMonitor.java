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
    private static final int PROBE_EVERY_READINGS = 3;

    private final RTCPeerConnection pc;
    private final RTCRtpSender sender;
    private final MaxBitrate maxBitrate;
    private final LinkLadder ladder;
    private final AtomicBoolean reading = new AtomicBoolean();
    private final AtomicReference<LinkReport> latest = new AtomicReference<>();
    /** Touched by the stats callbacks and by {@link #capSender} (on the signaling thread too), one at a time. */
    private LinkSample previous;

    private int appliedCapKbps;
    private int reducedReadings;
    /** A probe's estimate is climbed to, not jumped to: see {@link MaxBitrate#capAfterProbe}. */
    private boolean climbingAfterProbe;

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
     * Caps the sender at {@code wanted} kbit/s (0: uncapped); its encodings exist once the answer is applied. A cap
     * that cannot be set leaves the one before.
     */
    void capSender(int wanted) {
        if (sender == null) {
            return; // a viewer's peer: no processed video of its own to cap
        }
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
            boolean reduced = step != null && (step.scale() < 1 || step.frameDivisor() > 1);
            reducedReadings = reduced ? reducedReadings + 1 : 0;
            // While the picture is reduced, every few seconds the cap goes up for a second to the estimate the next
            // step up waits for: the sender's allocation rises above its estimate, so libwebrtc probes whether the
            // link has grown (its estimate otherwise regrows at ~8% a second once a cap is lifted). Lifted to the
            // configured 1500 kbit/s instead, the encoder filled the whole estimate for that second: on an 800 kbit/s
            // link 4-13% of the packets toward the page were lost and the video froze
            boolean probe = reduced && reducedReadings % PROBE_EVERY_READINGS == 0;
            double estimate = now.estimateKbps();
            int wanted;
            if (probe) {
                wanted = maxBitrate.probeCapFor(estimate, ladder.upKbps());
            } else if (climbingAfterProbe) {
                wanted = maxBitrate.capAfterProbe(estimate, appliedCapKbps);
            } else {
                wanted = maxBitrate.capFor(estimate);
            }
            climbingAfterProbe = probe || (climbingAfterProbe && wanted < maxBitrate.capFor(estimate));
            capSender(wanted);
        } finally {
            reading.set(false);
        }
    }
}
