package io.magicshield.session;

/**
 * Session starts per client address, counted in a cache the servers of a cluster share ({@code io.magicshield.cluster};
 * local on a single server), so that a client cannot multiply its quota by reaching several of them.
 */
public interface StartQuota {

    /** @return true and uses one start when the address has one left */
    boolean tryAcquire(String address);
}
