package io.magicshield.it.browser;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
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

    private final ChromiumProfile profile;
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
        profile = ChromiumProfile.create(workDir);
        ChromeOptions options = profile.options(camera, extraArguments);
        Runtime.getRuntime().addShutdownHook(endOnExit);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(ChromiumProfile.CHROMEDRIVER.toFile())
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
        browser.forEach(p ->
                p.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> p).join());
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
        return profile.processes(ProcessHandle.current().descendants());
    }

    private void cleanUp() {
        endLeftovers();
        profile.close();
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
        List<ProcessHandle> leftovers = Stream.concat(
                        browserProcesses(),
                        ProcessHandle.current()
                                .descendants()
                                .filter(p -> p.info()
                                        .command()
                                        .map(c -> c.equals(ChromiumProfile.CHROMEDRIVER.toString()))
                                        .orElse(false)))
                .toList();
        if (ChromiumProfile.end(leftovers) > 0) {
            System.err.println("[browser] ended " + leftovers.size() + " leftover Chromium processes");
        }
    }
}
