package io.magicshield.cluster;

/** What mod_cluster's {@code MBeanAttributeLoadMetric} reads on each node (configure-node.cli). */
public interface ClusterLoadMXBean {

    /** This server's load: 0 idle, 1 when it refuses new sessions. */
    double getLoad();
}
