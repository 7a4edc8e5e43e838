package io.magicshield.room;

import java.util.Optional;

/**
 * Which server of a cluster hosts each room: a room lives on one server, where its participants' streams are wired
 * to each other. Shared by all servers ({@code io.magicshield.cluster} keeps it in Infinispan); a single server sees
 * only its own rooms in it.
 */
public interface RoomDirectory {

    /** This server's route through the balancer (its mod_cluster jvmRoute). */
    String route();

    /** This server hosts the room from now on. */
    void hostHere(String roomId);

    /** The room ended on this server (a room another server took over stays there). */
    void ended(String roomId);

    /**
     * This server lets the room go while it stays open (the server is drained): no server hosts it, so whichever
     * server its participants reach next opens it again.
     */
    void released(String roomId);

    /** The route of the running server, other than this one, that hosts the room; empty when there is none. */
    Optional<String> hostElsewhere(String roomId);

    /**
     * Whether a drained server let the room go ({@link #released}) and no server has opened it again yet: its
     * participants are being moved.
     */
    boolean moving(String roomId);

    /**
     * Whether the room was opened on a server that is gone (killed, stopped, or this server before a restart): any
     * server may open it again under the same id, so its participants can resume there.
     */
    boolean orphaned(String roomId);
}
