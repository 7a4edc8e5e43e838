package io.magicshield.room;

/**
 * Room creations per client address, counted where the session starts are ({@code io.magicshield.cluster}: in the
 * cache the servers of a cluster share, local on a single server), so that a client cannot multiply its quota by
 * reaching several servers.
 */
public interface CreationQuota {

    /** @return true and uses one creation when the address has one left */
    boolean tryAcquire(String address);
}
