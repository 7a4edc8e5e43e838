package io.magicshield.it.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A fresh profile for Debian's headless Chromium and the switches every browser test runs it with (a fake camera
 * playing a .y4m file). The profile is a new directory that no other process names, so the browser's processes are
 * found by it, wherever they run; closing it deletes it.
 */
public final class ChromiumProfile implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final Path directory;

    private ChromiumProfile(Path directory) {
        this.directory = directory;
    }

    /** A new profile under {@code workDir}; Chromium and chromedriver must be installed. */
    public static ChromiumProfile create(Path workDir) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException(CHROMIUM + " and " + CHROMEDRIVER + " are needed (Debian packages chromium "
                    + "and chromium-driver; the build installs them at validate)");
        }
        Files.createDirectories(workDir);
        return new ChromiumProfile(Files.createTempDirectory(workDir.toAbsolutePath(), "chromium-profile-"));
    }

    /** The browser's options: headless, this profile, the fake camera, then {@code extraArguments}. */
    public ChromeOptions options(Path camera, List<String> extraArguments) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        List<String> arguments = new ArrayList<>(List.of(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + directory,
                "--window-size=1280,1000",
                "--use-fake-device-for-media-stream",
                "--use-fake-ui-for-media-stream",
                "--use-file-for-fake-video-capture=" + camera.toAbsolutePath(),
                // host candidates as real addresses, not mDNS names the server's WebRTC cannot resolve
                "--disable-features=WebRtcHideLocalIpsWithMdns"));
        arguments.addAll(extraArguments);
        options.addArguments(arguments);
        return options;
    }

    /** The processes among {@code candidates} that run with this profile, and their children. */
    public Stream<ProcessHandle> processes(Stream<ProcessHandle> candidates) {
        String marker = "--user-data-dir=" + directory;
        return candidates
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .flatMap(p -> Stream.concat(Stream.of(p), p.descendants()))
                .distinct();
    }

    /** Ends these processes: TERM, and KILL for those still running 5 s later. @return how many there were */
    public static int end(List<ProcessHandle> processes) {
        processes.forEach(ProcessHandle::destroy);
        processes.forEach(p -> p.onExit()
                .orTimeout(5, TimeUnit.SECONDS)
                .exceptionally(e -> {
                    p.destroyForcibly();
                    return p;
                })
                .join());
        return processes.size();
    }

    /** Deletes the profile; end the browser first. */
    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }
}
