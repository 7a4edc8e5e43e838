package io.magicshield.it.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven by Debian's chromedriver (both from apt, given by path, so Selenium Manager
 * looks nothing up and downloads nothing), with a fake camera playing a .y4m file and a fresh profile. Closing it quits
 * the browser and then ends any process still running with this profile, so no Chromium outlives the test.
 */
public final class ChromiumBrowser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final Path profile;
    private final ChromeDriver driver;
    /** Ends the browser should the test JVM be stopped before {@link #close()} runs (a fork timeout, Ctrl-C). */
    private final Thread endOnExit = new Thread(this::endLeftovers, "chromium-cleanup");

    /**
     * @param camera  the .y4m file the fake camera plays (in a loop)
     * @param workDir where the profile and chromedriver's log go
     */
    public ChromiumBrowser(Path camera, Path workDir) throws IOException {
        this(camera, workDir, List.of());
    }

    /** @param extraArguments more Chromium switches, e.g. {@code --ignore-certificate-errors} for a self-signed site */
    public ChromiumBrowser(Path camera, Path workDir, List<String> extraArguments) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException(CHROMIUM + " and " + CHROMEDRIVER + " are needed (Debian packages chromium "
                    + "and chromium-driver; the build installs them at validate)");
        }
        Files.createDirectories(workDir);
        profile = Files.createTempDirectory(workDir.toAbsolutePath(), "chromium-profile-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile,
                "--window-size=1280,1000",
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--use-file-for-fake-video-capture=" + camera.toAbsolutePath(),
                // host candidates as real addresses, not mDNS names the server's WebRTC cannot resolve
                "--disable-features=WebRtcHideLocalIpsWithMdns");
        options.addArguments(extraArguments);
        Runtime.getRuntime().addShutdownHook(endOnExit);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(workDir.resolve("chromedriver.log").toFile())
                .build();
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException | LinkageError e) {
            cleanUp();
            throw e;
        }
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    }

    public ChromeDriver driver() {
        return driver;
    }

    /**
     * Kills the browser's own processes with SIGKILL, as a crash or the task manager would: no page unload, no
     * WebSocket close, no goodbye to the peer. chromedriver is left to {@link #close()}.
     *
     * @return how many processes were killed
     */
    public int kill() {
        List<ProcessHandle> browser = browserProcesses().toList();
        browser.forEach(ProcessHandle::destroyForcibly); // SIGKILL on Linux
        browser.forEach(p -> p.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> p).join());
        return browser.size();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } catch (WebDriverException e) {
            // the browser is gone already (killed, crashed): chromedriver is ended below
        } finally {
            cleanUp();
        }
    }

    /** Chromium's processes with our profile, and their children (renderers, GPU and network services). */
    private Stream<ProcessHandle> browserProcesses() {
        String marker = "--user-data-dir=" + profile;
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .flatMap(p -> Stream.concat(Stream.of(p), p.descendants()))
                .distinct();
    }

    private void cleanUp() {
        endLeftovers();
        deleteProfile();
        try {
            Runtime.getRuntime().removeShutdownHook(endOnExit);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
    }

    /**
     * Ends processes this JVM started that still run: chromedriver, and Chromium's processes with our profile (a
     * hung browser, a crashed renderer). Only descendants of this JVM are looked at.
     */
    private void endLeftovers() {
        List<ProcessHandle> leftovers = Stream.concat(browserProcesses(), ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.equals(CHROMEDRIVER.toString())).orElse(false)))
                .toList();
        leftovers.forEach(ProcessHandle::destroy);
        leftovers.forEach(p -> p.onExit().orTimeout(5, TimeUnit.SECONDS)
                .exceptionally(e -> {
                    p.destroyForcibly();
                    return p;
                }).join());
        if (!leftovers.isEmpty()) {
            System.err.println("[browser] ended " + leftovers.size() + " leftover Chromium processes");
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
