package io.magicshield.it.signaling;

import io.magicshield.it.signaling.HostileMessages.BadMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What each bad message got, counted by kind and by answer, and every answer that was not the promised one. */
public final class Outcomes {

    private final Map<String, Map<String, Integer>> byKind = new TreeMap<>();
    private final Map<String, Integer> byAnswer = new TreeMap<>();
    private final List<String> broken = new ArrayList<>();
    private int total;

    public synchronized void record(BadMessage message, String answer, boolean asPromised) {
        byKind.computeIfAbsent(message.kind(), k -> new TreeMap<>()).merge(answer, 1, Integer::sum);
        byAnswer.merge(answer, 1, Integer::sum);
        total++;
        if (!asPromised) {
            broken.add(
                    message.kind() + " [" + message.excerpt() + "] expected " + message.expected() + ", got " + answer);
        }
    }

    public synchronized int total() {
        return total;
    }

    /** Answers that broke the protocol's promise (empty when every message got its error or close). */
    public synchronized List<String> broken() {
        return List.copyOf(broken);
    }

    public synchronized Map<String, Integer> byAnswer() {
        return new TreeMap<>(byAnswer);
    }

    /** One line per kind: {@code kind: n -> answer x n, ...}. */
    public synchronized List<String> table() {
        List<String> lines = new ArrayList<>();
        byKind.forEach((kind, answers) -> lines.add(String.format(
                "%-24s %5d -> %s",
                kind, answers.values().stream().mapToInt(Integer::intValue).sum(), answers)));
        return lines;
    }
}
