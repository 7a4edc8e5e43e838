package io.magicshield.cluster;

/**
 * What mod_cluster's MBean load metrics read on each node (configure-node.cli): the session slots in use (the ratio of
 * two attributes) and the CPU; mod_cluster weighs them.
 */
public interface ClusterLoadMXBean {

    /** Sessions holding a slot. */
    int getActiveSessions();

    /** Session slots there are. */
    int getMaxSessions();

    /** The system CPU against the admission threshold: 0 idle, 1 at the threshold (sessions refused) or above. */
    double getCpuLoad();
}
