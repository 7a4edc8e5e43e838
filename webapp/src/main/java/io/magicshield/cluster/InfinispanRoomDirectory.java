package io.magicshield.cluster;

import io.magicshield.room.RoomDirectory;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.infinispan.Cache;

/**
 * The room directory in the {@code rooms} cache of the application's cache container (room id -> route of the server
 * that hosts it). On the cluster's nodes the cache is replicated, so every node answers a look-up from its own
 * memory (a page load and a join each ask) and the directory outlives any one node; on a single server it is local.
 * A room whose server left the cluster's view (a killed node: within about a second, JGroups' FD_SOCK2 sees its
 * socket close) is orphaned and opened again where its participants come back.
 */
@ApplicationScoped
public class InfinispanRoomDirectory implements RoomDirectory {

    /** The route a released room is filed under: no member's (routes are node names, never empty). */
    private static final String RELEASED = "";

    @Resource(lookup = "java:jboss/infinispan/cache/magicshield/rooms")
    Cache<String, String> rooms;

    @Override
    public String route() {
        return ClusterMembers.localRoute();
    }

    @Override
    public void hostHere(String roomId) {
        rooms.put(roomId, route());
    }

    @Override
    public void ended(String roomId) {
        rooms.remove(roomId, route());
    }

    /** A room that no server hosts now: the route of none, so {@link #orphaned} holds on every server. */
    @Override
    public void released(String roomId) {
        rooms.replace(roomId, route(), RELEASED);
    }

    @Override
    public Optional<String> hostElsewhere(String roomId) {
        String host = rooms.get(roomId);
        return host != null && !host.equals(route()) && ClusterMembers.of(rooms).contains(host)
                ? Optional.of(host)
                : Optional.empty();
    }

    @Override
    public boolean moving(String roomId) {
        return RELEASED.equals(rooms.get(roomId));
    }

    @Override
    public boolean orphaned(String roomId) {
        String host = rooms.get(roomId);
        return host != null
                && (host.equals(route()) || !ClusterMembers.of(rooms).contains(host));
    }
}
