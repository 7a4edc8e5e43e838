package io.magicshield.whip;

import io.magicshield.session.ShieldSession;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The WHIP publishers on this server now, by session id: for a publisher's DELETE, and for the operator's list of the
 * streams there are to watch. A publisher leaves it when its session ends, however it ends.
 */
@ApplicationScoped
public class WhipPublishers {

    /** A publisher's session, the stream id its processed video goes by, and when it published. */
    public record Publisher(String streamId, ShieldSession session, Instant since) {}

    private final Map<String, Publisher> bySession = new ConcurrentHashMap<>();

    void add(Publisher publisher) {
        bySession.put(publisher.session().id(), publisher);
    }

    void remove(String sessionId) {
        bySession.remove(sessionId);
    }

    Optional<Publisher> find(String sessionId) {
        return Optional.ofNullable(bySession.get(sessionId));
    }

    /** Oldest first. */
    public List<Publisher> all() {
        return bySession.values().stream()
                .sorted(Comparator.comparing(Publisher::since))
                .toList();
    }
}
