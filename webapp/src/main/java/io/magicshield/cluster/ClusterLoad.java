package io.magicshield.cluster;

import io.magicshield.metrics.CpuMonitor;
import io.magicshield.session.SessionLimits;
import io.magicshield.session.SessionManager;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * This server's load as the balancer should weigh it, published as the MBean {@value #NAME}: 1 when it refuses new
 * sessions (all slots in use, or CPU over the admission threshold), else the slots in use and the CPU against the
 * threshold weighed 3 to 1, since nodes that share a machine (as in the tests) or a noisy neighbour see the same CPU
 * and the slots still tell them apart. mod_cluster sends it to the balancer every second as a load factor
 * {@code 100 - load}, at least 1, and the balancer shares new requests among the nodes in proportion to it, so a full
 * node gets about 1 in 100 of what an idle one gets. HTTP sessions, mod_cluster's usual measure, say nothing here
 * (the WAR uses none).
 */
@ApplicationScoped
public class ClusterLoad implements ClusterLoadMXBean {

    static final String NAME = "io.magicshield:type=ClusterLoad";
    private static final double SLOTS_WEIGHT = 3;

    @Inject
    SessionManager sessions;

    @Inject
    SessionLimits limits;

    @Inject
    CpuMonitor cpu;

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private ObjectName name;

    void registerAtDeployment(@Observes Startup startup) {
        // observing Startup creates this bean at deployment, so the balancer reads a load from the first report
    }

    @PostConstruct
    void register() {
        try {
            name = new ObjectName(NAME);
            if (server.isRegistered(name)) { // left by a deployment whose undeployment failed
                server.unregisterMBean(name);
            }
            server.registerMBean(this, name);
        } catch (JMException e) {
            throw new IllegalStateException("cannot publish the cluster load as " + NAME, e);
        }
    }

    @Override
    public double getLoad() {
        double slots = sessions.activeSessions() / (double) limits.maxSessions();
        double processor = cpu.load() / limits.cpuThreshold();
        if (slots >= 1 || processor > 1) { // as AdmissionControl refuses: no slot, or CPU above the threshold
            return 1;
        }
        return (SLOTS_WEIGHT * slots + processor) / (SLOTS_WEIGHT + 1);
    }

    @PreDestroy
    void unregister() {
        try {
            server.unregisterMBean(name);
        } catch (JMException e) {
            // already gone: nothing to publish any more
        }
    }
}
