package io.magicshield.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.rtc.FrameSender.Shot;
import io.magicshield.it.rtc.StreamingClient;
import io.magicshield.it.server.LeakCheck;
import io.magicshield.it.server.ServerProcess;
import io.magicshield.it.server.ServerResources;
import io.magicshield.it.video.TestPattern;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.standalone.ServerDeploymentHelper;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.Test;

/**
 * The WAR undeployed and deployed again three times in the running server: after each deployment a session streams
 * processed video; the server process is the same one throughout (no crash), webrtc-java's and the effect core's JNI
 * libraries stay mapped once each (the static JBoss module keeps them: a second load by a new class loader would map
 * a second copy, or fail), and the log shows each deployment starting WebRTC again without a linkage error.
 */
class RedeployIT extends ServerUnderTest {

    private static final int REDEPLOYS = 3;
    private static final int FPS = 30;
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);
    /**
     * Known and left: webrtc-java 0.14.0's {@code RTCPeerConnection.close()} never releases the native peer
     * connection (upstream issue #239, fixed on its main branch, not yet released), so the sessions a deployment ran
     * keep its factory's audio and low-priority task queue threads ("AudioDeviceBuff", "rtc-low-prio") after the
     * factory is disposed: two threads per redeploy.
     */
    private static final int THREADS_KEPT_PER_REDEPLOY = 2;

    @ArquillianResource
    ManagementClient management;

    private record Round(String what, long undeployMs, long deployMs, long framesBack, ServerResources resources) {}

    @Test
    void aSessionStreamsAfterEachOfThreeRedeploys() throws Exception {
        ServerProcess server = ServerProcess.find();
        LeakCheck leaks = LeakCheck.begin("redeploy");
        List<Shot> shots = TestPattern.shots(320, 240, FPS);
        List<Round> rounds = new ArrayList<>();
        rounds.add(new Round("as deployed", 0, 0, stream(shots), ServerResources.now()));
        Set<String> webrtc = server.mappedLibraries("webrtc-java");
        Set<String> core = server.mappedLibraries("jniMagicShield");
        System.out.println("[redeploy] server pid " + server.pid() + "; JNI libraries mapped: " + webrtc + " " + core);

        ServerDeploymentHelper deployments = new ServerDeploymentHelper(management.getControllerClient());
        for (int i = 1; i <= REDEPLOYS; i++) {
            long start = System.nanoTime();
            deployments.undeploy(DEPLOYMENT_NAME);
            long undeployMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(404, get("").statusCode(), "the page is gone while undeployed");
            start = System.nanoTime();
            try (InputStream war = builtWar().as(ZipExporter.class).exportAsInputStream()) {
                deployments.deploy(DEPLOYMENT_NAME, war);
            }
            awaitReady();
            long deployMs = (System.nanoTime() - start) / 1_000_000;
            rounds.add(new Round("redeploy " + i, undeployMs, deployMs, stream(shots), ServerResources.now()));
            assertTrue(server.isAlive(), "the server process survived redeploy " + i);
            assertEquals(webrtc, server.mappedLibraries("webrtc-java"), "webrtc-java mapped once, the same file");
            assertEquals(core, server.mappedLibraries("jniMagicShield"), "the effect core mapped once, the same file");
        }

        rounds.forEach(r -> System.out.printf(
                "[redeploy] %-11s undeploy %4d ms, deploy to ready %5d ms, then %3d "
                        + "processed frames back in 2 s; threads %d, RSS %d MiB%n",
                r.what(),
                r.undeployMs(),
                r.deployMs(),
                r.framesBack(),
                r.resources().osThreads(),
                r.resources().residentMiB()));
        long webrtcStarts = leaks.log().count("WebRTC ready");
        System.out.println("[redeploy] 'WebRTC ready' logged " + webrtcStarts + " times since the first session");
        assertEquals(1, webrtc.size(), "one webrtc-java library file: " + webrtc);
        assertEquals(1, core.size(), "one effect core library file: " + core);
        assertEquals(REDEPLOYS, webrtcStarts, "each deployment started WebRTC");
        assertEquals(
                0,
                leaks.log().count("UnsatisfiedLinkError") + leaks.log().count("already loaded"),
                "no library was loaded twice");
        rounds.forEach(r -> assertTrue(r.framesBack() >= FPS, r.what() + ": only " + r.framesBack() + " frames"));
        leaks.assertNothingLeft(REDEPLOYS * THREADS_KEPT_PER_REDEPLOY + 2);
    }

    /** A session of two seconds; returns how many processed frames came back. */
    private static long stream(List<Shot> shots) throws InterruptedException {
        try (StreamingClient client = StreamingClient.start(SIGNALING, shots, FPS)) {
            Thread.sleep(2000);
            long frames = client.received().frames();
            client.stop();
            return frames;
        }
    }

    private static void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (get(READINESS).statusCode() != 200 || get("").statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not ready within " + READY_WITHIN + ": "
                        + get(READINESS).body());
            }
            Thread.sleep(100);
        }
    }
}
