package io.magicshield.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.rtc.FrameRateMeter;
import io.magicshield.it.rtc.StreamingClient;
import io.magicshield.it.server.LeakCheck;
import io.magicshield.it.signaling.HostileConnection;
import io.magicshield.it.signaling.HostileMessages;
import io.magicshield.it.signaling.HostileMessages.BadMessage;
import io.magicshield.it.signaling.Outcomes;
import io.magicshield.it.video.TestPattern;
import jakarta.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Over a thousand generated bad messages, over many connections at once, while one real session streams: every bad
 * message gets the error docs/protocol.md promises for it or a clean close, nothing else; the real session keeps its
 * frame rate before, during and after; no exception reaches the log; afterwards no session, peer, socket, frame
 * buffer or thread is left over.
 */
class HostileSignalingIT extends ServerTest {

    private static final long SEED = Long.getLong("magicshield.fuzz.seed", 20261121L);
    private static final int WORKERS = 6;
    /**
     * Each attacker pauses this long before each message: about 6 / 60 ms = 100 bad messages a second in all, a flood
     * for a signaling server (a page sends a handful per session), that still leaves this 2-core machine, which runs
     * the attackers and the real session's client too, the CPU to tell the server's behaviour from starvation.
     */
    private static final Duration PAUSE = Duration.ofMillis(60);
    /** magicshield.signaling.max-errors (default). */
    private static final int MAX_ERRORS = 20;

    private static final int FPS = 30;
    private static final Duration CALM = Duration.ofSeconds(5);
    /** The real session's frame rate during and after the attack, as a share of its rate before. */
    private static final double MIN_SHARE_OF_FRAME_RATE = 0.8;

    private static final int THREAD_SLACK = 6;

    /** Sessions the fuzz starts (invalid offers, duplicate offers) must not be refused for capacity. */
    @Deployment(testable = false)
    static WebArchive application() {
        return configuredWar(Map.of("magicshield.sessions.max", "16"));
    }

    @Test
    void badMessagesGetTheirErrorsWhileARealSessionStreamsOn() throws Exception {
        System.out.println("[fuzz] seed " + SEED + " (-Dmagicshield.fuzz.seed=N replays another)");
        LeakCheck leaks = LeakCheck.begin("fuzz");
        Outcomes outcomes = new Outcomes();
        double before;
        double during;
        double after;
        long fuzzMillis;
        int connections;
        try (StreamingClient real = StreamingClient.start(SIGNALING, TestPattern.shots(640, 480, FPS), FPS)) {
            real.awaitFrames(FPS, Duration.ofSeconds(10));
            FrameRateMeter.Reading calm = real.received().read();
            Thread.sleep(CALM.toMillis());
            FrameRateMeter.Reading attackStarts = real.received().read();
            before = FrameRateMeter.fps(calm, attackStarts);

            List<Callable<Void>> attacks = attacks(real.negotiated().offerSdp(), outcomes);
            connections = attacks.size();
            long start = System.nanoTime();
            List<Double> timeline = runAll(attacks, real.received());
            fuzzMillis = (System.nanoTime() - start) / 1_000_000;
            FrameRateMeter.Reading attackEnds = real.received().read();
            during = FrameRateMeter.fps(attackStarts, attackEnds);
            System.out.println("[fuzz] the real session's fps, second by second during the attack: "
                    + timeline.stream().map(f -> String.format("%.0f", f)).toList());

            Thread.sleep(CALM.toMillis());
            after = real.received().fpsSince(attackEnds);
            real.stop(); // the session is still there and ends normally
        }

        System.out.printf(
                "[fuzz] %d bad messages over %d connections (%d at a time) in %.1f s%n",
                outcomes.total(), connections, WORKERS, fuzzMillis / 1000.0);
        outcomes.table().forEach(line -> System.out.println("[fuzz]   " + line));
        System.out.println("[fuzz] answers: " + outcomes.byAnswer());
        System.out.printf(
                "[fuzz] the real session's processed video: %.1f fps before, %.1f during, %.1f after%n",
                before, during, after);
        PrometheusScrape metrics = PrometheusScrape.now();
        System.out.println("[fuzz] sessions ended by reason: "
                + metrics.samples().entrySet().stream()
                        .filter(e -> e.getKey().startsWith("magicshield_sessions_ended_total") && e.getValue() > 0)
                        .toList());

        assertTrue(outcomes.total() >= 1000, "at least 1000 bad messages: " + outcomes.total());
        assertEquals(List.of(), outcomes.broken(), "answers that are not the promised error or close");
        assertTrue(
                during >= MIN_SHARE_OF_FRAME_RATE * before,
                "frame rate during the attack: " + during + " fps, " + "before " + before);
        assertTrue(
                after >= MIN_SHARE_OF_FRAME_RATE * before,
                "frame rate after the attack: " + after + " fps, " + "before " + before);
        leaks.assertNothingLeft(THREAD_SLACK);
    }

    /**
     * One task per connection, in a seeded random order; each has a generator of its own, seeded from the run's seed
     * and its place, so the messages are the same whatever order the attackers run in.
     */
    private static List<Callable<Void>> attacks(String realOffer, Outcomes outcomes) {
        List<Function<HostileMessages, Void>> kinds = new ArrayList<>();
        IntStream.range(0, 45).forEach(i -> kinds.add(bad -> burstBeforeStart(bad, outcomes)));
        IntStream.range(0, 10).forEach(i -> kinds.add(bad -> flood(bad, outcomes)));
        IntStream.range(0, 8).forEach(i -> kinds.add(bad -> overFrameLimit(bad, outcomes)));
        IntStream.range(0, 8).forEach(i -> kinds.add(bad -> startedThenInvalidSdp(bad, outcomes)));
        IntStream.range(0, 6).forEach(i -> kinds.add(bad -> negotiatedThenAbused(bad, realOffer, outcomes)));
        IntStream.range(0, 100).forEach(i -> kinds.add(bad -> hitAndRun(bad, outcomes)));
        List<Callable<Void>> attacks = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            HostileMessages generator = new HostileMessages(SEED * 1_000 + i);
            Function<HostileMessages, Void> attack = kinds.get(i);
            attacks.add(() -> attack.apply(generator));
        }
        Collections.shuffle(attacks, new Random(SEED));
        return attacks;
    }

    /** Twenty bad messages of every kind before {@code start} (one short of the limit), then a valid stop. */
    private static Void burstBeforeStart(HostileMessages bad, Outcomes outcomes) {
        try (HostileConnection connection = new HostileConnection(SIGNALING, outcomes, PAUSE)) {
            List<BadMessage> burst = new ArrayList<>();
            for (int i = 0; i < MAX_ERRORS; i++) {
                burst.add(i % 20 == 7 ? bad.overSizeLimit() : i % 5 == 3 ? bad.beforeStart() : bad.recoverable());
            }
            burst.forEach(connection::send);
            connection.expect("{\"type\": \"stop\"}", "ended");
        }
        return null;
    }

    /** Bad messages back to back, past the error limit. */
    private static Void flood(HostileMessages bad, Outcomes outcomes) {
        try (HostileConnection connection = new HostileConnection(SIGNALING, outcomes, PAUSE)) {
            connection.flood(
                    IntStream.range(0, MAX_ERRORS + 10)
                            .mapToObj(i -> bad.recoverable())
                            .toList(),
                    MAX_ERRORS);
        }
        return null;
    }

    private static Void overFrameLimit(HostileMessages bad, Outcomes outcomes) {
        try (HostileConnection connection = new HostileConnection(SIGNALING, outcomes, PAUSE)) {
            connection.send(bad.overFrameLimit());
        }
        return null;
    }

    /** A session, bad messages in it (candidates before the offer, a second start), then an offer WebRTC refuses. */
    private static Void startedThenInvalidSdp(HostileMessages bad, Outcomes outcomes) {
        try (HostileConnection connection = new HostileConnection(SIGNALING, outcomes, PAUSE)) {
            connection.expect("{\"type\": \"start\"}", "ready");
            List<BadMessage> messages = new ArrayList<>(List.of(bad.iceBeforeOffer(), bad.secondStart()));
            IntStream.range(0, 6).forEach(i -> messages.add(bad.recoverable()));
            messages.forEach(connection::send);
            connection.send(bad.invalidSdp());
        }
        return null;
    }

    /**
     * A negotiated session (a real offer) abused: a second offer, a second start, unparsable candidates, more
     * candidates than allowed; then stop, and messages after it.
     */
    private static Void negotiatedThenAbused(HostileMessages bad, String offer, Outcomes outcomes) {
        try (HostileConnection connection = new HostileConnection(SIGNALING, outcomes, PAUSE)) {
            connection.expect("{\"type\": \"start\"}", "ready");
            connection.expect("{\"type\": \"offer\", \"sdp\": " + Json.createValue(offer) + "}", "answer");
            connection.send(bad.duplicateOffer(offer));
            connection.send(bad.secondStart());
            IntStream.range(0, 3).forEach(i -> connection.send(bad.unparsableCandidate()));
            // the cap counts every candidate of the session, the refused ones included
            int accepted = HostileMessages.MAX_CANDIDATES - 3;
            IntStream.range(0, accepted).forEach(i -> connection.sendQuietly(HostileMessages.candidate(41000 + i)));
            IntStream.range(0, 3).forEach(i -> connection.send(bad.surplusCandidate(42000 + i)));
            connection.stopThenSend(List.of(bad.recoverable(), bad.secondStart(), bad.duplicateOffer(offer)));
        }
        return null;
    }

    /** One bad message, its error, and the connection dropped without a close handshake. */
    private static Void hitAndRun(HostileMessages bad, Outcomes outcomes) {
        HostileConnection connection = new HostileConnection(SIGNALING, outcomes, PAUSE);
        try {
            connection.send(bad.recoverable());
        } finally {
            connection.socket().abort();
        }
        return null;
    }

    /** Runs the attacks {@link #WORKERS} at a time; returns the real session's frame rate in each second meanwhile. */
    private static List<Double> runAll(List<Callable<Void>> attacks, FrameRateMeter real) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        List<Double> timeline = new ArrayList<>();
        try {
            List<Future<Void>> results = attacks.stream().map(workers::submit).toList();
            FrameRateMeter.Reading last = real.read();
            while (!results.stream().allMatch(Future::isDone)) {
                Thread.sleep(1000);
                FrameRateMeter.Reading now = real.read();
                timeline.add(FrameRateMeter.fps(last, now));
                last = now;
            }
            for (Future<Void> result : results) {
                result.get(); // an assertion inside an attack fails the test here
            }
        } finally {
            workers.shutdownNow();
        }
        return timeline;
    }
}
