package io.magicshield.cluster;

import io.magicshield.room.CreationQuota;
import io.magicshield.room.RoomLimits;
import io.magicshield.session.SessionLimits;
import io.magicshield.session.StartQuota;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.InstantSource;
import org.infinispan.Cache;

/**
 * The per-address quotas, each a {@link SharedTokenBucket} in the {@code starts} cache of the application's cache
 * container: replicated on a cluster's nodes, so one client draws on one quota whichever node it reaches; local on a
 * single server (the server's configuration decides, the code is the same).
 */
@ApplicationScoped
public class SharedQuotas {

    @Resource(lookup = "java:jboss/infinispan/cache/magicshield/starts")
    Cache<String, String> buckets;

    @Inject
    SessionLimits sessionLimits;

    @Inject
    RoomLimits roomLimits;

    @Produces
    @ApplicationScoped
    StartQuota sessionStarts() {
        return bucket("start/", sessionLimits.rateLimitStarts(), sessionLimits.rateLimitWindow())::tryAcquire;
    }

    @Produces
    @ApplicationScoped
    CreationQuota roomCreations() {
        return bucket("room/", roomLimits.creations(), roomLimits.creationWindow())::tryAcquire;
    }

    private SharedTokenBucket bucket(String prefix, int capacity, Duration window) {
        return new SharedTokenBucket(buckets, prefix, capacity, window, InstantSource.system());
    }
}
