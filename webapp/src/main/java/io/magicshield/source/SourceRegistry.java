package io.magicshield.source;

import io.magicshield.media.MediaSettings;
import io.magicshield.room.Member;
import io.magicshield.room.RoomRefusedException;
import io.magicshield.room.RoomRegistry;
import io.magicshield.rtc.FrameFeed;
import io.magicshield.session.EndReason;
import io.magicshield.session.MediaRole;
import io.magicshield.session.SessionRefusedException;
import io.magicshield.session.ShieldSession;
import io.magicshield.whep.WhepPage;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The pulled sources: each is checked by the {@link SourcePolicy} before anything connects, runs on a thread of its
 * own, and is the participant of a room of its own ({@link MediaRole#SOURCE}: its frames handed straight to the
 * session's frame worker), so it is admitted, processed and played by WHEP like any camera, and its session counts
 * against the server's.
 */
@ApplicationScoped
public class SourceRegistry {

    private static final Logger LOG = Logger.getLogger(SourceRegistry.class.getName());

    @Inject
    SourceSettings settings;

    @Inject
    RoomRegistry rooms;

    @Inject
    MediaSettings media;

    /** A source's runner, its thread and the room it plays in (made again should it end while the source is down). */
    private static final class Entry {
        final SourceRunner runner;
        final Thread thread;
        volatile String roomId;

        Entry(SourceRunner runner, Thread thread, String roomId) {
            this.runner = runner;
            this.thread = thread;
            this.roomId = roomId;
        }
    }

    private final Map<String, Entry> sources = new ConcurrentHashMap<>();

    /**
     * Starts the sources of {@code magicshield.sources.urls} at deployment. They were checked when the configuration
     * was read, so only a name that no longer resolves to an allowed address, or a missing file, fails here: the
     * deployment fails with the reason, as for any value that cannot be used.
     */
    void startAtDeployment(@Observes Startup startup) {
        for (String url : settings.urls()) {
            try {
                add(url);
            } catch (SourceRefusedException e) {
                throw new IllegalStateException("magicshield.sources.urls: " + e.getMessage(), e);
            }
        }
    }

    public SourceSettings settings() {
        return settings;
    }

    /**
     * Adds and starts a source.
     *
     * @throws SourceRefusedException the URL is not allowed, or no more sources or rooms may be made
     */
    public SourceStatus add(String url) throws SourceRefusedException {
        SourcePolicy.Checked checked = settings.policy().check(url);
        String id = UUID.randomUUID().toString();
        Entry[] self = new Entry[1];
        SourceRunner runner =
                new SourceRunner(id, checked, settings, media.maxFramePixels(), onEnded -> publish(self[0], onEnded));
        synchronized (sources) {
            if (sources.size() >= settings.max()) {
                throw SourceRefusedException.full(
                        "the server has as many sources as it may (" + settings.max() + ", magicshield.sources.max)");
            }
            String roomId = room(id);
            Thread thread = new Thread(runner, "magicshield-source-" + id.substring(0, 8));
            thread.setDaemon(true);
            self[0] = new Entry(runner, thread, roomId);
            sources.put(id, self[0]);
            thread.start();
        }
        LOG.info(() -> "source " + id + " added: " + checked.shown());
        return runner.status();
    }

    public List<SourceStatus> all() {
        return sources.values().stream().map(entry -> entry.runner.status()).toList();
    }

    public Optional<SourceStatus> find(String id) {
        return Optional.ofNullable(sources.get(id)).map(entry -> entry.runner.status());
    }

    /** @return whether there was such a source; its thread ends its session within one read timeout */
    public boolean remove(String id) {
        Entry entry = sources.remove(id);
        if (entry == null) {
            return false;
        }
        entry.runner.stop();
        LOG.info(() -> "source " + id + " removed");
        return true;
    }

    private String room(String sourceId) throws SourceRefusedException {
        try {
            return rooms.create(address(sourceId));
        } catch (RoomRefusedException e) {
            throw SourceRefusedException.full("no room for the source: " + e.getMessage());
        }
    }

    private static String address(String sourceId) {
        return "source:" + sourceId;
    }

    private SourceRunner.Published publish(Entry entry, Runnable onEnded) throws SourceFailedException {
        String sourceId = entry.runner.status().id();
        WhepPage page = new WhepPage(onEnded);
        Member member;
        try {
            member = join(entry, sourceId, page);
        } catch (RoomRefusedException | SourceRefusedException e) {
            throw new SourceFailedException("no room for the source: " + e.getMessage());
        } catch (SessionRefusedException e) {
            throw new SourceFailedException("the server refused the source's session: " + e.getMessage());
        }
        ShieldSession session = member.session();
        FrameFeed feed = session.openFeed()
                .orElseThrow(() -> new SourceFailedException("the source's session could not be set up"));
        return new SourceRunner.Published(
                member.streamId(), feed, () -> session.end(EndReason.STOPPED, "the source stopped"));
    }

    /** Joins the source's room, or a new one when that room ended while the source was down. */
    private Member join(Entry entry, String sourceId, WhepPage page)
            throws RoomRefusedException, SessionRefusedException, SourceRefusedException {
        try {
            return rooms.join(entry.roomId, MediaRole.SOURCE, null, address(sourceId), media.effectDefaults(), page);
        } catch (RoomRefusedException e) {
            if (e.reason() != RoomRefusedException.Reason.NOT_FOUND) {
                throw e;
            }
            entry.roomId = room(sourceId);
            return rooms.join(entry.roomId, MediaRole.SOURCE, null, address(sourceId), media.effectDefaults(), page);
        }
    }

    @PreDestroy
    void stop() {
        sources.values().forEach(entry -> entry.runner.stop());
        for (Entry entry : sources.values()) {
            try {
                entry.thread.join(settings.timeout().toMillis() * 3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        sources.clear();
    }
}
