package io.magicshield.cluster;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.infinispan.Cache;
import org.infinispan.remoting.transport.Address;

/** The servers in the cluster's current view, by route: WildFly names each JGroups member after its node name. */
final class ClusterMembers {

    private ClusterMembers() {}

    /** This server's node name, which WildFly also makes its mod_cluster jvmRoute and its JGroups name. */
    static String localRoute() {
        return System.getProperty("jboss.node.name");
    }

    /** The routes of the servers that share {@code cache}; this server alone when the cache is local. */
    static Set<String> of(Cache<?, ?> cache) {
        List<Address> members = cache.getCacheManager().getMembers();
        return members == null
                ? Set.of(localRoute())
                : members.stream().map(Address::toString).collect(Collectors.toUnmodifiableSet());
    }
}
