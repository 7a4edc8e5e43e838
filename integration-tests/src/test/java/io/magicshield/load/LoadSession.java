package io.magicshield.load;

import io.magicshield.it.Figures;
import io.magicshield.it.rtc.FrameSender.Shot;
import io.magicshield.it.rtc.StreamingClient;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * One client of the load: a {@link StreamingClient} (signaling, a webrtc-java peer, a looping camera) playing the
 * marked clip, with the processed frames paired to their sends. {@link #mark()} at both ends of a window and
 * {@link #figures} give the session's figures for it.
 */
final class LoadSession implements AutoCloseable {

    /** Where each count stood at one moment. */
    record Mark(long nanos, int reports, int roundTrips, int unreadable, long delivered, ClientRtcStats rtc) {}

    private final int number;
    private final long startNanos;
    private final SendLog sent = new SendLog();
    private final MarkedFrames received;
    private final StreamingClient client;

    private LoadSession(int number, LoadSettings settings, List<Shot> shots) {
        this.number = number;
        this.received = new MarkedFrames(sent, settings.width(), settings.height());
        this.startNanos = System.nanoTime();
        this.client = StreamingClient.start(
                settings.signaling(), settings.startMessage(), shots, settings.fps(), received, sent);
    }

    /**
     * Opens the socket, starts a session and streams; returns once the peer is connected and sending.
     *
     * @throws AssertionError with the server's reason when the session is refused or negotiation fails
     */
    static LoadSession start(int number, LoadSettings settings, List<Shot> shots) {
        return new LoadSession(number, settings, shots);
    }

    int number() {
        return number;
    }

    /** Milliseconds from opening the socket to the first processed frame; NaN while none has come. */
    double firstFrameMillis() {
        long first = received.firstArrivalNanos();
        return first == 0 ? Double.NaN : (first - startNanos) / 1e6;
    }

    /** Whether the session is still on: the server ends a session by closing its socket. */
    boolean live() {
        return client.signaling().isOpen();
    }

    /** What the server said last (for a session that ended: why). */
    String lastWord() {
        List<JsonObject> heard = new ArrayList<>(client.signaling().passedOver());
        heard.addAll(client.signaling().pending());
        return heard.stream()
                .filter(m -> !"ice".equals(m.getString("type", "")))
                .reduce((a, b) -> b)
                .map(JsonObject::toString)
                .orElse("nothing");
    }

    Mark mark() {
        return new Mark(
                System.nanoTime(),
                client.stats().reports().size(),
                client.stats().roundTripsMs().size(),
                received.unreadable(),
                received.delivered(),
                ClientRtcStats.of(client));
    }

    /**
     * The window between two marks. Call it a little after {@code to}: frames sent just before its end are still on
     * their way back, and a frame that has not arrived counts as lost.
     */
    SessionFigures figures(Mark from, Mark to) {
        List<MarkedFrames.Arrival> arrivals = received.arrivals();
        List<Double> loopMs = new ArrayList<>();
        int backInWindow = 0;
        int downscaled = 0;
        int arrivedInWindow = 0;
        for (MarkedFrames.Arrival a : arrivals) {
            if (a.arrivedNanos() >= from.nanos() && a.arrivedNanos() < to.nanos()) {
                arrivedInWindow++;
                downscaled += a.fullSize() ? 0 : 1;
            }
            if (a.sentNanos() >= from.nanos() && a.sentNanos() < to.nanos()) {
                backInWindow++;
                loopMs.add((a.arrivedNanos() - a.sentNanos()) / 1e6);
            }
        }
        int sentInWindow = sent.sentBetween(from.nanos(), to.nanos());
        List<JsonObject> reports = client.stats().reports();
        List<JsonObject> windowReports = reports.subList(Math.min(from.reports(), to.reports()), to.reports());
        // drops are counted since the session began: the window's are the last report's less the one before it
        JsonObject before = from.reports() > 0
                ? reports.get(from.reports() - 1)
                : windowReports.isEmpty() ? null : windowReports.get(0);
        long drops = windowReports.isEmpty() || before == null
                ? 0
                : windowReports
                                .get(windowReports.size() - 1)
                                .getJsonNumber("drops")
                                .longValue()
                        - before.getJsonNumber("drops").longValue();
        List<Double> serverMs = windowReports.stream()
                .map(r -> r.getJsonNumber("processingMsP50").doubleValue())
                .toList();
        List<Double> rtt = client.stats().roundTripsMs().subList(from.roundTrips(), to.roundTrips());
        double seconds = (to.nanos() - from.nanos()) / 1e9;
        // frames the client decoded but WebRTC never handed over: its render smoothing drops all but the newest of
        // frames that fall due together, which happens when its thread wakes late on a busy machine
        long droppedAfterDecode = Math.max(
                0, (to.rtc().framesDecoded() - from.rtc().framesDecoded()) - (to.delivered() - from.delivered()));
        return new SessionFigures(
                number,
                arrivedInWindow / seconds,
                sentInWindow,
                Math.max(0, sentInWindow - backInWindow),
                to.unreadable() - from.unreadable(),
                droppedAfterDecode,
                downscaled,
                Figures.median(loopMs),
                Figures.percentile(loopMs, 0.99),
                Figures.median(serverMs),
                drops,
                Figures.median(rtt),
                firstFrameMillis(),
                to.rtc().since(from.rtc()));
    }

    /** Sends {@code stop} and waits for the server's {@code ended} and close. */
    void stop() {
        client.stop();
    }

    @Override
    public void close() {
        client.close();
    }
}
