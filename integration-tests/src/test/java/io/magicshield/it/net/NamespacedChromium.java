package io.magicshield.it.net;

import io.magicshield.it.Await;
import io.magicshield.it.ServerTest;
import io.magicshield.it.browser.ChromiumProfile;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * Debian's headless Chromium with a fake camera in the client host, driven from the test JVM in the root namespace.
 * chromedriver runs in the client host too (it starts the browser there) and, given an allow list, listens on all of
 * that host's addresses: the test JVM reaches it at the client's address over the control link, and the allow list
 * holds only the root namespace's control address, so nothing else may drive it. The flags are those of
 * {@link ChromiumProfile}, plus the server's http origin treated as secure so the page gets the camera there.
 * Closing it quits the browser and ends whatever still runs with its profile, which it then deletes.
 */
public final class NamespacedChromium implements AutoCloseable {

    public static final int DRIVER_PORT = 9515;
    private static final Duration START_LIMIT = Duration.ofSeconds(30);

    private final ChromiumProfile profile;
    private final ChildProgram chromedriver;
    private final RemoteWebDriver driver;
    private final Thread endOnExit = new Thread(this::endLeftovers, "namespaced-chromium-cleanup");

    /**
     * @param camera         the .y4m file the fake camera plays (in a loop)
     * @param workDir        where the profile and chromedriver's log go
     * @param pageOrigin     the server's origin, e.g. {@code http://10.77.1.1:8080}, given the camera over http
     * @param extraArguments more Chromium switches
     */
    public NamespacedChromium(
            TestNetwork network, Path camera, Path workDir, String pageOrigin, List<String> extraArguments)
            throws IOException {
        profile = ChromiumProfile.create(workDir);
        Runtime.getRuntime().addShutdownHook(endOnExit);
        chromedriver = ChildProgram.start(
                "chromedriver",
                network.inClient(List.of(
                        ChromiumProfile.CHROMEDRIVER.toString(),
                        "--port=" + DRIVER_PORT,
                        "--allowed-ips=" + network.rootAddressTowardClient(),
                        "--log-path="
                                + workDir.toAbsolutePath()
                                        .resolve("chromedriver-" + network.clientNamespace() + ".log"))));
        try {
            URI driverUri = URI.create("http://" + network.clientAddress() + ":" + DRIVER_PORT + "/");
            awaitDriver(driverUri);
            List<String> arguments = new ArrayList<>(extraArguments);
            // the camera needs a secure context; the server host is reached over plain http
            arguments.add("--unsafely-treat-insecure-origin-as-secure=" + pageOrigin);
            driver = new RemoteWebDriver(driverUri.toURL(), profile.options(camera, arguments));
        } catch (RuntimeException | MalformedURLException | LinkageError e) {
            cleanUp();
            throw e;
        }
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    }

    /** The browser; it executes scripts and takes screenshots. */
    public RemoteWebDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } catch (WebDriverException e) {
            // the browser is gone already: chromedriver and leftovers are ended below
        } finally {
            cleanUp();
        }
    }

    /** Until chromedriver answers its status from the test JVM (it may take a moment to listen). */
    private void awaitDriver(URI driverUri) {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (!answers(driverUri.resolve("status"))) {
            if (!chromedriver.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "chromedriver did not answer at " + driverUri + " within " + START_LIMIT);
            }
            Await.pause(Duration.ofMillis(100));
        }
    }

    private static boolean answers(URI uri) {
        try {
            return ServerTest.get(uri).statusCode() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void cleanUp() {
        chromedriver.close();
        endLeftovers();
        profile.close();
        try {
            Runtime.getRuntime().removeShutdownHook(endOnExit);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
    }

    /**
     * Ends Chromium's processes with this profile. Once chromedriver is gone they are no longer this JVM's
     * descendants, so they are found by the profile, a fresh directory of ours that no other process names.
     */
    private void endLeftovers() {
        int ended = ChromiumProfile.end(
                profile.processes(ProcessHandle.allProcesses()).toList());
        if (ended > 0) {
            System.err.println("[net] ended " + ended + " leftover Chromium processes");
        }
    }
}
