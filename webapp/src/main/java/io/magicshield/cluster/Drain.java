package io.magicshield.cluster;

import io.magicshield.room.RoomRegistry;
import io.magicshield.session.EndReason;
import io.magicshield.session.Housekeeping;
import io.magicshield.session.SessionManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.concurrent.Future;
import java.util.logging.Logger;

/**
 * Draining this node (docs/cluster.md): the balancer sends it no new session at once (mod_cluster disabled), running
 * sessions go on until {@link DrainSettings#deadline()}, then its rooms are let go and every session left is ended
 * with {@link EndReason#MOVED}, which the page and clients answer by connecting again through the balancer, to
 * another node. Ending the drain takes the node back (mod_cluster enabled) and calls off a move not yet made.
 */
@ApplicationScoped
public class Drain {

    private static final Logger LOG = Logger.getLogger(Drain.class.getName());
    static final String MOVE_MESSAGE = "this server is being taken out of service: continue on another one";

    /**
     * Where the drain stands.
     *
     * @param deadline when the sessions left are moved; null when the node is not draining
     * @param sessions sessions running here now
     * @param moved    sessions the drain has moved so far
     */
    public record Status(Instant deadline, int sessions, int moved) {
        public boolean draining() {
            return deadline != null;
        }
    }

    @Inject
    DrainSettings settings;

    @Inject
    SessionManager sessions;

    @Inject
    RoomRegistry rooms;

    @Inject
    Housekeeping housekeeping;

    private final ModClusterProxy proxy = new ModClusterProxy();
    private Instant deadline;
    private Future<?> move;
    private int moved;

    /** Begins the drain; a node already draining keeps its deadline. */
    public synchronized Status begin() throws ModClusterProxy.AbsentException {
        if (deadline == null) {
            proxy.disable();
            deadline = Instant.now().plus(settings.deadline());
            moved = 0;
            move = housekeeping.after(settings.deadline(), this::move);
            LOG.info(() ->
                    "draining: no new sessions; the " + sessions.activeSessions() + " running move at " + deadline);
        }
        return status();
    }

    /** Ends the drain: the node takes new sessions again. */
    public synchronized Status end() throws ModClusterProxy.AbsentException {
        if (deadline != null) {
            move.cancel(false);
            proxy.enable();
            deadline = null;
            LOG.info("drain ended: taking new sessions again");
        }
        return status();
    }

    public synchronized Status status() {
        return new Status(deadline, sessions.activeSessions(), moved);
    }

    /** At the deadline: rooms first, so that their participants' next joins open them elsewhere. */
    private synchronized void move() {
        int released = rooms.releaseAll();
        moved += sessions.endAll(EndReason.MOVED, MOVE_MESSAGE);
        LOG.info(() -> "drain deadline: " + moved + " sessions told to move, " + released + " rooms let go");
    }
}
