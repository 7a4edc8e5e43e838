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
 * This server's load as the balancer should weigh it, published as the MBean {@value #NAME}: the session slots in
 * use and the CPU against the admission threshold, the two things that make this server refuse a session.
 * mod_cluster weighs them (slots 3, CPU 1: nodes that share a machine, as in the tests, or a noisy neighbour, see
 * the same CPU, and the slots still tell them apart) and sends the result to the balancer every second, which sends
 * new sessions and rooms to the nodes in proportion to what they have left; HTTP sessions, its default measure, say
 * nothing here (the WAR uses none).
 */
@ApplicationScoped
public class ClusterLoad implements ClusterLoadMXBean {

    static final String NAME = "io.magicshield:type=ClusterLoad";

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
    public int getActiveSessions() {
        return sessions.activeSessions();
    }

    @Override
    public int getMaxSessions() {
        return limits.maxSessions();
    }

    @Override
    public double getCpuLoad() {
        return Math.min(1, cpu.load() / limits.cpuThreshold());
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
