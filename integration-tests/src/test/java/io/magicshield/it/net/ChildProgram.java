package io.magicshield.it.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A helper program a test started (often inside a test host), whose output lines are kept and echoed with its name.
 * The programs of this package say {@code ready} once listening and print their figures when their stdin closes, so
 * a test waits for that line, and stops one by closing its stdin and collecting what it printed. Should the test JVM
 * end first, a shutdown hook kills it.
 */
final class ChildProgram implements AutoCloseable {

    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;
    private final Thread killOnExit;

    private ChildProgram(String name, Process process) {
        this.name = name;
        this.process = process;
        this.killOnExit = new Thread(process::destroyForcibly, name + "-cleanup");
        Runtime.getRuntime().addShutdownHook(killOnExit);
        this.reader = new Thread(this::readLines, name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    static ChildProgram start(String name, ProcessBuilder builder) {
        try {
            return new ChildProgram(name, builder.redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + builder.command(), e);
        }
    }

    /** The first line that contains {@code text}, once printed; throws if the program ends or is too slow. */
    String awaitLine(String text, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (lines) {
            while (true) {
                for (String line : lines) {
                    if (line.contains(text)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (!reader.isAlive() || left <= 0) {
                    throw new IllegalStateException(
                            name + " printed no line with '" + text + "' within " + limit + "; its output: " + lines);
                }
                try {
                    lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for " + name, e);
                }
            }
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Closes its stdin (which asks it to finish), waits for its end and returns all it printed. */
    List<String> stop(Duration limit) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // it is gone already: its output is all there is
        }
        return awaitExit(limit);
    }

    /** Waits for it to end by itself; a program that fails or overstays the limit throws with its output. */
    List<String> awaitExit(Duration limit) {
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw new IllegalStateException(name + " did not end within " + limit + "; its output: " + output());
            }
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
        removeHook();
        if (process.exitValue() != 0) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + "; its output: " + output());
        }
        return output();
    }

    /** Kills it if it still runs. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        removeHook();
    }

    private List<String> output() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    private void readLines() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                System.out.println("[" + name + "] " + line);
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process was killed: what it printed before stays
        } finally {
            synchronized (lines) {
                lines.notifyAll();
            }
        }
    }

    private void removeHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
    }
}
