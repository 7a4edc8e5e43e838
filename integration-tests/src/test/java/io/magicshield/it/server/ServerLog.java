package io.magicshield.it.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The managed server's {@code server.log} (under {@code wildfly-base/log}), read from a mark: a test marks it before
 * its work and afterwards asks for the problems logged meanwhile by the application, i.e. WARN, ERROR or FATAL
 * entries of an {@code io.magicshield} logger, and any such entry of another logger whose stack trace passes through
 * our code (an exception that escaped to the container). Expected warnings are named by the test.
 */
public final class ServerLog {

    /** {@code 2026-11-21 11:02:48,755 WARN  [io.magicshield.rtc.PeerSession] (thread) message} */
    private static final Pattern ENTRY =
            Pattern.compile("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3} (\\w+)\\s+\\[([^\\]]+)\\] .*");

    private static final String OUR_PACKAGE = "io.magicshield";
    private static final Path FILE =
            Path.of(System.getProperty("wildfly.base", "target/wildfly-base"), "log", "server.log");

    private final Path file;
    private final long mark;

    private ServerLog(Path file, long mark) {
        this.file = file;
        this.mark = mark;
    }

    /** The log as it is now: what is logged from here on is what {@link #problems} reads. */
    public static ServerLog mark() {
        try {
            return new ServerLog(FILE, Files.exists(FILE) ? Files.size(FILE) : 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole log of this run, from the server's start. */
    public static ServerLog whole() {
        return new ServerLog(FILE, 0);
    }

    /** Entries logged since the mark (each with its stack trace), as the server wrote them. */
    public List<String> entries() {
        List<String> entries = new ArrayList<>();
        StringBuilder entry = null;
        for (String line : linesSinceMark()) {
            if (ENTRY.matcher(line).matches()) {
                if (entry != null) {
                    entries.add(entry.toString());
                }
                entry = new StringBuilder(line);
            } else if (entry != null) {
                entry.append('\n').append(line);
            }
        }
        if (entry != null) {
            entries.add(entry.toString());
        }
        return entries;
    }

    /**
     * WARN, ERROR and FATAL entries from our loggers or with our code in their stack trace, except those containing
     * one of {@code expected}.
     */
    public List<String> problems(String... expected) {
        List<String> problems = new ArrayList<>();
        for (String entry : entries()) {
            Matcher head = ENTRY.matcher(entry.lines().findFirst().orElse(""));
            if (!head.matches() || !List.of("WARN", "ERROR", "FATAL", "SEVERE").contains(head.group(1))) {
                continue;
            }
            boolean ours = head.group(2).startsWith(OUR_PACKAGE) || entry.contains("at " + OUR_PACKAGE);
            if (ours && List.of(expected).stream().noneMatch(entry::contains)) {
                problems.add(entry);
            }
        }
        return problems;
    }

    /** How many entries since the mark contain {@code text}. */
    public long count(String text) {
        return entries().stream().filter(e -> e.contains(text)).count();
    }

    private List<String> linesSinceMark() {
        try {
            byte[] all = Files.readAllBytes(file);
            int from = (int) Math.min(mark, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8)
                    .lines()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
