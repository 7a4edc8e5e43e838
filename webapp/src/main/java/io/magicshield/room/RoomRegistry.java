package io.magicshield.room;

import io.magicshield.core.EffectOptions;
import io.magicshield.metrics.ServerMetrics;
import io.magicshield.session.Housekeeping;
import io.magicshield.session.MediaRole;
import io.magicshield.session.SessionManager;
import io.magicshield.session.SessionRefusedException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The rooms of this server: creation (ids, the room cap and a per-address rate, counted across a cluster), joins (a
 * session per member, admitted by the {@link SessionManager} like any), and the wiring of who sees whom, which runs on
 * one thread for all rooms: a handful of {@code replaceTrack} calls per change, each a few milliseconds.
 */
@ApplicationScoped
public class RoomRegistry {

    private static final Logger LOG = Logger.getLogger(RoomRegistry.class.getName());
    /** The wiring thread ends when idle this long, so the thread count follows the rooms (leak checks compare it). */
    private static final Duration WIRING_KEEP_ALIVE = Duration.ofSeconds(5);

    @Inject
    RoomLimits limits;

    @Inject
    SessionManager sessions;

    @Inject
    Housekeeping housekeeping;

    @Inject
    ServerMetrics metrics;

    @Inject
    RoomDirectory directory;

    @Inject
    CreationQuota creations;

    private final InstantSource clock = InstantSource.system();
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private ThreadPoolExecutor wiring;
    private Future<?> ticks;

    @PostConstruct
    void start() {
        wiring = new ThreadPoolExecutor(
                1, 1, WIRING_KEEP_ALIVE.toNanos(), TimeUnit.NANOSECONDS, new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "magicshield-room-wiring");
                    thread.setDaemon(true);
                    return thread;
                });
        wiring.allowCoreThreadTimeOut(true);
        metrics.roomGauges(
                rooms::size,
                () -> rooms.values().stream().mapToInt(Room::members).sum());
        ticks = housekeeping.every(Duration.ofSeconds(1), this::tick);
    }

    public RoomLimits limits() {
        return limits;
    }

    /**
     * Creates a room for the client at {@code address}. The quota is drawn on first (outside the lock: on a cluster
     * it is a write to every node), so a client hammering a full server uses up its own creations.
     *
     * @return its id
     * @throws RoomRefusedException RATE_LIMITED or TOO_MANY_ROOMS
     */
    public String create(String address) throws RoomRefusedException {
        if (!creations.tryAcquire(address)) {
            throw new RoomRefusedException(
                    RoomRefusedException.Reason.RATE_LIMITED,
                    "too many rooms created from " + address + ": at most " + limits.creations() + " per "
                            + limits.creationWindow().toSeconds() + " s; try again shortly");
        }
        synchronized (rooms) {
            if (rooms.size() >= limits.maxRooms()) {
                throw new RoomRefusedException(
                        RoomRefusedException.Reason.TOO_MANY_ROOMS,
                        "the server has as many rooms as it may (" + limits.maxRooms() + "); try again later");
            }
            String id = RoomIds.next();
            rooms.put(id, new Room(id, limits, clock.instant()));
            directory.hostHere(id);
            LOG.info(() -> "room " + id + " created for " + address + " (" + rooms.size() + " open)");
            return id;
        }
    }

    /**
     * Lets every room here go, open (a drained server moves its participants): each is gone from this server and
     * opened again on the server its participants reach next (docs/cluster.md).
     *
     * @return how many rooms were let go
     */
    public int releaseAll() {
        synchronized (rooms) {
            List<String> ids = List.copyOf(rooms.keySet());
            for (String id : ids) {
                rooms.remove(id);
                directory.released(id);
            }
            LOG.info(() -> ids.size() + " rooms let go here, to be opened again on another server");
            return ids.size();
        }
    }

    /** Whether a room by this id is open, here or on another server of the cluster. */
    public boolean isOpen(String roomId) {
        return route(roomId).isPresent()
                || roomIdOf(roomId).map(directory::orphaned).orElse(false);
    }

    /**
     * The route through the balancer to the server that hosts the room: this one's, another's, or empty when no
     * running server hosts it (then whichever server a participant reaches opens it again).
     */
    public Optional<String> route(String roomId) {
        if (find(roomId).isPresent()) {
            return Optional.of(directory.route());
        }
        return roomIdOf(roomId).flatMap(directory::hostElsewhere);
    }

    /** This server's route through the balancer. */
    public String localRoute() {
        return directory.route();
    }

    /**
     * Where the stream plays: in a room here, in a room another server hosts, in a room being moved or whose server is
     * gone, or nowhere. A stream id is {@code <roomId>.<n>}, so the room directory (room id -> route) places it; the
     * server that hosts the room is the one that knows whether participant {@code n} is in it now.
     */
    public StreamPlace locate(String streamId) {
        int dot = streamId == null ? -1 : streamId.lastIndexOf('.');
        Optional<String> roomId = dot > 0 ? roomIdOf(streamId.substring(0, dot)) : Optional.empty();
        if (roomId.isEmpty()) {
            return StreamPlace.of(StreamPlace.Kind.NONE);
        }
        Optional<Room> here = find(roomId.get());
        if (here.isPresent()) {
            return StreamPlace.of(here.get().hasStream(streamId) ? StreamPlace.Kind.HERE : StreamPlace.Kind.NONE);
        }
        Optional<String> elsewhere = directory.hostElsewhere(roomId.get());
        if (elsewhere.isPresent()) {
            return StreamPlace.elsewhere(elsewhere.get());
        }
        if (directory.moving(roomId.get())) {
            return StreamPlace.of(StreamPlace.Kind.MOVING);
        }
        return StreamPlace.of(directory.orphaned(roomId.get()) ? StreamPlace.Kind.GONE : StreamPlace.Kind.NONE);
    }

    /**
     * Joins a room: admits a session for the member (a place in the server's capacity) and wires it in once its
     * offer is answered.
     *
     * @param pinnedStream the one stream a viewer is shown (WHEP), or null for all
     * @throws RoomRefusedException    no such room, or no place in it
     * @throws SessionRefusedException the server refused the session (full, busy, rate limited, unavailable)
     */
    public Member join(
            String roomId,
            MediaRole role,
            String pinnedStream,
            String address,
            EffectOptions settings,
            Member.Page page)
            throws RoomRefusedException, SessionRefusedException {
        Room room = findOrReopen(roomId);
        Member member = room.add(
                role,
                (streamId, label) -> new Member(
                        roomId,
                        role,
                        streamId,
                        label,
                        pinnedStream,
                        page,
                        () -> rewire(room),
                        left -> leave(room, left)));
        try {
            member.attach(sessions.start(address, role, settings, member));
        } catch (SessionRefusedException | RuntimeException e) {
            room.remove(member, clock.instant());
            throw e;
        }
        return member;
    }

    private void leave(Room room, Member member) {
        room.remove(member, clock.instant());
        rewire(room);
    }

    private void rewire(Room room) {
        try {
            wiring.execute(() -> {
                try {
                    room.rewire();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, room.id() + ": rewiring failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            // undeploying: the sessions are being ended, and their peers close their own slots
        }
    }

    private Optional<String> roomIdOf(String text) {
        return RoomIds.wellFormed(text) ? Optional.of(text) : Optional.empty();
    }

    private Optional<Room> find(String roomId) {
        return roomIdOf(roomId).map(rooms::get);
    }

    /** The room here; one whose server is gone is opened here again, so that its participants resume here. */
    private Room findOrReopen(String roomId) throws RoomRefusedException {
        Optional<Room> here = find(roomId);
        if (here.isPresent()) {
            return here.get();
        }
        Optional<String> elsewhere = roomIdOf(roomId).flatMap(directory::hostElsewhere);
        if (elsewhere.isPresent()) {
            throw new RoomRefusedException(
                    RoomRefusedException.Reason.ELSEWHERE,
                    "this room is on another server (" + elsewhere.get() + "); open the room's page again");
        }
        if (!roomIdOf(roomId).map(directory::orphaned).orElse(false)) {
            throw new RoomRefusedException(
                    RoomRefusedException.Reason.NOT_FOUND, "this room does not exist or has ended");
        }
        synchronized (rooms) {
            Room room = rooms.computeIfAbsent(roomId, id -> new Room(id, limits, clock.instant()));
            directory.hostHere(roomId);
            LOG.info(() -> "room " + roomId + " opened again here: its server is gone");
            return room;
        }
    }

    /** Once a second: rooms without participants past their grace end. */
    private void tick() {
        for (Room room : rooms.values()) {
            if (room.endIfAbandoned(clock.instant())) {
                rooms.remove(room.id());
                directory.ended(room.id());
                LOG.info(() -> "room " + room.id() + " ended (" + rooms.size() + " open)");
            }
        }
    }

    @PreDestroy
    void stop() {
        ticks.cancel(false);
        wiring.shutdown();
    }
}
