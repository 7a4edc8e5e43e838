package io.magicshield.it.net;

import io.magicshield.it.Await;
import io.magicshield.it.ServerTest;
import io.magicshield.it.browser.ChromiumBrowser;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * Debian's headless Chromium with a fake camera in the client host, driven from the test JVM in the root namespace.
 * chromedriver runs in the client host too (it starts the browser there) and, given an allow list, listens on all of
 * that host's addresses: the test JVM reaches it at the client's address over the control link, and the allow list
 * holds only the root namespace's control address, so nothing else may drive it. The flags are those of
 * {@link ChromiumBrowser}, plus the server's http origin treated as secure so the page gets the camera there.
 * Closing it quits the browser and ends whatever still runs with its profile, which it then deletes.
 */
public final class NamespacedChromium implements AutoCloseable {

    public static final int DRIVER_PORT = 9515;
    private static final Duration START_LIMIT = Duration.ofSeconds(30);

    private final Path profile;
    private final ChildProgram chromedriver;
    private final RemoteWebDriver driver;
    private final Thread endOnExit = new Thread(this::endLeftovers, "namespaced-chromium-cleanup");

    /**
     * @param camera         the .y4m file the fake camera plays (in a loop)
     * @param workDir        where the profile and chromedriver's log go
     * @param pageOrigin     the server's origin, e.g. {@code http://10.77.1.1:8080}, given the camera over http
     * @param extraArguments more Chromium switches
     */
    public NamespacedChromium(TestNetwork network, Path camera, Path workDir, String pageOrigin,
                              List<String> extraArguments) throws IOException {
        if (!Files.isExecutable(ChromiumBrowser.CHROMIUM) || !Files.isExecutable(ChromiumBrowser.CHROMEDRIVER)) {
            throw new IllegalStateException(ChromiumBrowser.CHROMIUM + " and " + ChromiumBrowser.CHROMEDRIVER
                    + " are needed (Debian packages chromium and chromium-driver)");
        }
        Files.createDirectories(workDir);
        profile = Files.createTempDirectory(workDir.toAbsolutePath(), "chromium-profile-");
        Runtime.getRuntime().addShutdownHook(endOnExit);
        chromedriver = ChildProgram.start("chromedriver", network.inClient(List.of(
                ChromiumBrowser.CHROMEDRIVER.toString(), "--port=" + DRIVER_PORT,
                "--allowed-ips=" + network.rootAddressTowardClient(),
                "--log-path=" + workDir.toAbsolutePath().resolve("chromedriver-" + network.clientNamespace() + ".log"))));
        try {
            URI driverUri = URI.create("http://" + network.clientAddress() + ":" + DRIVER_PORT + "/");
            awaitDriver(driverUri);
            driver = new RemoteWebDriver(driverUri.toURL(), options(camera, pageOrigin, extraArguments));
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

    private ChromeOptions options(Path camera, String pageOrigin, List<String> extraArguments) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(ChromiumBrowser.CHROMIUM.toFile());
        List<String> arguments = new ArrayList<>(List.of(
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile,
                "--window-size=1280,1000",
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--use-file-for-fake-video-capture=" + camera.toAbsolutePath(),
                // host candidates as real addresses, not mDNS names the server's WebRTC cannot resolve
                "--disable-features=WebRtcHideLocalIpsWithMdns",
                // the camera needs a secure context; the server host is reached over plain http
                "--unsafely-treat-insecure-origin-as-secure=" + pageOrigin));
        arguments.addAll(extraArguments);
        options.addArguments(arguments);
        return options;
    }

    /** Until chromedriver answers its status from the test JVM (it may take a moment to listen). */
    private void awaitDriver(URI driverUri) {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (!answers(driverUri.resolve("status"))) {
            if (!chromedriver.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("chromedriver did not answer at " + driverUri + " within "
                        + START_LIMIT);
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
        deleteProfile();
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
        String marker = "--user-data-dir=" + profile;
        List<ProcessHandle> leftovers = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false)).toList();
        leftovers.forEach(ProcessHandle::destroy);
        leftovers.forEach(p -> p.onExit().orTimeout(5, TimeUnit.SECONDS)
                .exceptionally(e -> {
                    p.destroyForcibly();
                    return p;
                }).join());
        if (!leftovers.isEmpty()) {
            System.err.println("[net] ended " + leftovers.size() + " leftover Chromium processes");
        }
    }

    private void deleteProfile() {
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + profile, e);
        }
    }
}
