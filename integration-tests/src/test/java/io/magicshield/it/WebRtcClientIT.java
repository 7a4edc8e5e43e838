package io.magicshield.it;

import static io.magicshield.it.signaling.ClientMessages.start;
import static io.magicshield.it.signaling.ClientMessages.stop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.core.HandInfo;
import io.magicshield.it.rtc.FrameSender;
import io.magicshield.it.rtc.FrameSender.Shot;
import io.magicshield.it.rtc.Negotiation;
import io.magicshield.it.rtc.ReceivedFrames;
import io.magicshield.it.rtc.WebRtcTestPeer;
import io.magicshield.it.signaling.SignalingClient;
import io.magicshield.it.video.Clip01;
import io.magicshield.it.video.ClipFrames;
import io.magicshield.it.video.FrameMarker;
import io.magicshield.it.video.I420Image;
import io.magicshield.it.video.ReferenceEffect;
import io.magicshield.it.video.ShieldDetector;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * A Java WebRTC client (webrtc-java, as a page would use it) streams clip01 at 640x480 and 30 fps through the
 * deployed server and checks what comes back against the native core run in this JVM on the same frames: where
 * the core draws a shield over an open palm, the returned frame is full of the shield's gold in that disc; where
 * there is no hand, the returned frame is the input mirrored, up to VP8's losses.
 * <p>
 * Each clip frame is sent for 4 frame times (clip01 was filmed at 7.5 fps, so it plays at its own speed, and the
 * effect's fade and the encoder settle on each picture); a band of black and white cells carries the frame's number
 * through the server ({@link FrameMarker}), and of each number the last frame received is checked.
 */
class WebRtcClientIT extends ServerUnderTest {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;
    private static final int FPS = 30;
    private static final int REPEATS = 4;
    /** Frame 1 (no hand) for 2 s first, while bandwidth estimation ramps up and the first frames come back. */
    private static final int WARM_UP_SHOTS = 2 * FPS;
    /** The last frame held a little longer, so that the last numbers make it back. */
    private static final int TAIL_SHOTS = FPS / 2;

    private static final long CLIP_FRAME_MICROS = 1_000_000L * REPEATS / FPS;

    private static final double MIN_PSNR_DB = 28;
    /** Received shield discs must hold at least this share of the reference's gold pixels... */
    private static final double MIN_SHARE_OF_REFERENCE_GOLD = 0.5;
    /** ...and this much more gold than the same disc of the plain mirrored input. */
    private static final double MIN_GOLD_ABOVE_INPUT = 0.10;

    @Test
    void clipComesBackMirroredWithTheShieldOverOpenPalms() throws Exception {
        List<ClipFrames.Frame> clip = ClipFrames.load(TestData.clip01(), WIDTH, HEIGHT);
        Map<Integer, I420Image> sent = new HashMap<>();
        clip.forEach(f -> sent.put(f.number(), FrameMarker.stamped(f.image(), f.number())));
        PrometheusScrape before = PrometheusScrape.now();

        ReceivedFrames received = new ReceivedFrames(true);
        JsonObject ready;
        List<Double> roundTrips;
        List<JsonObject> reports;
        long startNanos;
        int shotsSent;
        Map<Integer, Long> latencyMs = new HashMap<>();
        try (SignalingClient signaling = SignalingClient.connect(SIGNALING)) {
            startNanos = System.nanoTime();
            signaling.send(start());
            ready = signaling.await("ready");
            assertTrue(ready.getJsonObject("options").getBoolean("mirror"), "the server mirrors by default");
            try (WebRtcTestPeer peer = new WebRtcTestPeer(Negotiation.iceServers(ready), received);
                    FrameSender camera = new FrameSender(peer, shots(clip, sent), FPS, peer.stats()::ping)) {
                Negotiation.Result negotiated = Negotiation.run(signaling, peer);
                System.out.printf(
                        "[webrtc] connected %d ms after the offer; candidates sent %d, received %d%n",
                        negotiated.millisToConnected(), negotiated.candidatesSent(), negotiated.candidatesReceived());
                camera.start();
                camera.awaitDone();
                Thread.sleep(500); // the last frames are on their way back
                shotsSent = camera.sent();
                roundTrips = peer.stats().roundTripsMs();
                reports = peer.stats().reports();
                // frame 1 is left out: it was first sent during the warm-up, before anything could come back
                received.byNumber().forEach((number, frame) -> {
                    if (number != clip.get(0).number()) {
                        latencyMs.put(number, (frame.firstArrivalNanos() - camera.firstSentNanos(number)) / 1_000_000);
                    }
                });

                signaling.send(stop());
                assertEquals("stopped", signaling.await("ended").getString("reason"));
                assertEquals(1000, signaling.awaitClose().code());
            }
        }

        long firstFrameMs = (received.firstArrivalNanos() - startNanos) / 1_000_000;
        System.out.printf(
                "[webrtc] sent %d frames (%d clip frames); received %d frames, sizes %s, %d without a "
                        + "readable number, %d clip frames seen; first processed frame %d ms after start%n",
                shotsSent,
                clip.size(),
                received.count(),
                received.sizes(),
                received.unreadable(),
                received.byNumber().size(),
                firstFrameMs);
        System.out.printf(
                "[webrtc] send-to-receive latency per clip frame: median %.0f ms, p90 %.0f ms%n",
                Figures.median(latencyMs.values()), Figures.percentile(latencyMs.values(), 0.9));
        System.out.printf(
                "[webrtc] stats channel: %d pongs, RTT median %.1f ms; %d reports, last %s%n",
                roundTrips.size(),
                Figures.median(roundTrips),
                reports.size(),
                reports.isEmpty() ? "-" : reports.get(reports.size() - 1));

        Map<Integer, ReferenceEffect.Output> reference = reference(clip, sent, ready);
        Checks checks = check(received, sent, reference);

        PrometheusScrape after = PrometheusScrape.now();
        double processed = delta(before, after, "magicshield_frames_processed_total");
        double withShield = delta(before, after, "magicshield_frames_with_shield_total");
        double dropped = delta(before, after, "magicshield_frames_dropped_total");
        System.out.printf(
                "[webrtc] server metrics for the session: %.0f frames processed, %.0f with a shield, "
                        + "%.0f dropped%n",
                processed, withShield, dropped);

        assertTrue(received.count() > shotsSent / 2, "most frames came back: " + received.count());
        assertTrue(
                received.byNumber().size() >= clip.size() * 9 / 10,
                "frames came back for most clip frames: " + received.byNumber().size());
        assertTrue(checks.shieldChecked >= 20, "open-palm frames checked: " + checks.shieldChecked);
        assertTrue(
                checks.shieldFound >= checks.shieldChecked * 0.9,
                "the shield was found in " + checks.shieldFound + " of " + checks.shieldChecked);
        assertTrue(checks.plainChecked >= 10, "frames without a hand checked: " + checks.plainChecked);
        assertTrue(
                checks.minPsnr > MIN_PSNR_DB,
                "frames without a hand are the mirrored input: min PSNR " + checks.minPsnr);
        assertTrue(checks.mirroredEveryTime, "frames match the input mirrored better than the input as sent");
        assertTrue(roundTrips.size() > 0, "pongs on the stats channel");
        assertTrue(reports.size() >= 2, "stats reports about once a second: " + reports.size());
        assertTrue(reports.stream().anyMatch(r -> r.getJsonNumber("fpsIn").doubleValue() > 0), "fpsIn reported");
        assertTrue(reports.get(reports.size() - 1).getInt("framesWithShield") > 0, "framesWithShield reported");
        assertTrue(processed > 0 && withShield > 0, "the server counted processed frames and shields");
    }

    /** Frame 1 to warm up, each clip frame {@value #REPEATS} times, the last one held. */
    private static List<Shot> shots(List<ClipFrames.Frame> clip, Map<Integer, I420Image> sent) {
        List<Shot> shots = new ArrayList<>();
        int first = clip.get(0).number();
        int last = clip.get(clip.size() - 1).number();
        Collections.nCopies(WARM_UP_SHOTS, first).forEach(n -> shots.add(new Shot(n, sent.get(n))));
        for (ClipFrames.Frame frame : clip) {
            Collections.nCopies(REPEATS, frame.number()).forEach(n -> shots.add(new Shot(n, sent.get(n))));
        }
        Collections.nCopies(TAIL_SHOTS, last).forEach(n -> shots.add(new Shot(n, sent.get(n))));
        return shots;
    }

    /** The native core on the same frames, one per clip frame time, with the options the server reported. */
    private static Map<Integer, ReferenceEffect.Output> reference(
            List<ClipFrames.Frame> clip, Map<Integer, I420Image> sent, JsonObject ready) {
        long start = System.nanoTime();
        Map<Integer, ReferenceEffect.Output> outputs = new HashMap<>();
        try (ReferenceEffect effect = new ReferenceEffect(ReferenceEffect.optionsOf(ready.getJsonObject("options")))) {
            long timestamp = 0;
            for (ClipFrames.Frame frame : clip) {
                outputs.put(frame.number(), effect.process(sent.get(frame.number()), timestamp));
                timestamp += CLIP_FRAME_MICROS;
            }
        }
        System.out.printf(
                "[webrtc] reference: native core on %d frames in %d ms%n",
                clip.size(), (System.nanoTime() - start) / 1_000_000);
        return outputs;
    }

    /** What the per-frame comparison found. */
    private static final class Checks {
        int shieldChecked;
        int shieldFound;
        int plainChecked;
        double minPsnr = Double.POSITIVE_INFINITY;
        boolean mirroredEveryTime = true;
    }

    private static Checks check(
            ReceivedFrames received, Map<Integer, I420Image> sent, Map<Integer, ReferenceEffect.Output> reference)
            throws IOException {
        Checks checks = new Checks();
        List<Double> psnrs = new ArrayList<>();
        double bestGold = -1;
        for (Map.Entry<Integer, ReceivedFrames.Received> entry :
                received.byNumber().entrySet()) {
            int number = entry.getKey();
            I420Image back = entry.getValue().image().scaledTo(WIDTH, HEIGHT);
            I420Image input = sent.get(number);
            I420Image mirrored = input.mirrored();
            ReferenceEffect.Output expected = reference.get(number);
            Optional<HandInfo> shield = expected.fullShield();
            if (Clip01.openPalm(number) && shield.isPresent()) {
                HandInfo hand = shield.get();
                double r = hand.shieldDiameter() / 2;
                double goldBack = ShieldDetector.warmRatioInDisc(back, hand.shieldX(), hand.shieldY(), r);
                double goldReference =
                        ShieldDetector.warmRatioInDisc(expected.image(), hand.shieldX(), hand.shieldY(), r);
                double goldInput = ShieldDetector.warmRatioInDisc(mirrored, hand.shieldX(), hand.shieldY(), r);
                boolean found = goldBack >= MIN_SHARE_OF_REFERENCE_GOLD * goldReference
                        && goldBack >= goldInput + MIN_GOLD_ABOVE_INPUT;
                checks.shieldChecked++;
                checks.shieldFound += found ? 1 : 0;
                System.out.printf(
                        "[webrtc] frame %3d open palm: shield at (%.0f, %.0f) d=%.0f; gold pixels in the "
                                + "disc: received %.3f, reference %.3f, mirrored input %.3f -> %s%n",
                        number,
                        hand.shieldX(),
                        hand.shieldY(),
                        hand.shieldDiameter(),
                        goldBack,
                        goldReference,
                        goldInput,
                        found ? "shield" : "NO SHIELD");
                if (goldBack > bestGold) {
                    bestGold = goldBack;
                    save(number, back, expected.image());
                }
            } else if (Clip01.noHand(number) && !expected.anyHand()) {
                double psnr = back.lumaPsnr(mirrored);
                double psnrUnmirrored = back.lumaPsnr(input);
                double goldBack = ShieldDetector.warmRatio(back);
                checks.plainChecked++;
                checks.minPsnr = Math.min(checks.minPsnr, psnr);
                checks.mirroredEveryTime &= psnr > psnrUnmirrored + 3;
                psnrs.add(psnr);
                System.out.printf(
                        "[webrtc] frame %3d no hand: PSNR vs mirrored input %.1f dB (vs unmirrored "
                                + "%.1f dB); gold pixels %.4f (input %.4f)%n",
                        number, psnr, psnrUnmirrored, goldBack, ShieldDetector.warmRatio(mirrored));
            }
        }
        System.out.printf(
                "[webrtc] shield found in %d of %d open-palm frames; %d frames without a hand: PSNR min "
                        + "%.1f dB, median %.1f dB%n",
                checks.shieldFound, checks.shieldChecked, checks.plainChecked, checks.minPsnr, Figures.median(psnrs));
        return checks;
    }

    /** The clearest shield frame, received and reference side by side in target/, for people to look at. */
    private static void save(int number, I420Image received, I420Image reference) throws IOException {
        Path dir = TestData.outputDir().resolve("webrtc-client");
        Files.createDirectories(dir);
        ImageIO.write(
                received.toRgb(), "png", dir.resolve("shield-received.png").toFile());
        ImageIO.write(
                reference.toRgb(), "png", dir.resolve("shield-reference.png").toFile());
        Files.writeString(dir.resolve("shield-frame.txt"), "clip01 frame " + number + "\n");
    }

    private static double delta(PrometheusScrape before, PrometheusScrape after, String sample) {
        return after.value(sample) - before.value(sample);
    }
}
