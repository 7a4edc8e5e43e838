package io.magicshield.session;

/**
 * Session starts per client address, wherever they are counted: in one server's memory ({@link StartRateLimiter}), or
 * in a cache a cluster's servers share, so that a client cannot multiply its quota by reaching several of them.
 */
public interface StartQuota {

    /** @return true and uses one start when the address has one left */
    boolean tryAcquire(String address);
}
