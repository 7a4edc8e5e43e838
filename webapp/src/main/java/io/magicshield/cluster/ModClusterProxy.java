package io.magicshield.cluster;

import java.lang.management.ManagementFactory;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * This server's mod_cluster proxy, through WildFly's management model as JMX exposes it in the server's own MBean
 * server ({@code jboss.as:subsystem=modcluster,proxy=default}, the jmx subsystem's resolved model): the same
 * {@code :disable} and {@code :enable} an operator would run in jboss-cli. Disabled, the balancer sends the server no
 * new request, but still those with a sticky route, and keeps its open connections.
 */
final class ModClusterProxy {

    private static final String NAME = "jboss.as:subsystem=modcluster,proxy=default";

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    /** Thrown when this server runs no mod_cluster proxy (a single server): there is nowhere to drain to. */
    static final class AbsentException extends Exception {
        AbsentException() {
            super("this server reports to no load balancer (no mod_cluster proxy: not a cluster node), so there is no"
                    + " other server to move its sessions to");
        }
    }

    void disable() throws AbsentException {
        invoke("disable");
    }

    void enable() throws AbsentException {
        invoke("enable");
    }

    private void invoke(String operation) throws AbsentException {
        try {
            server.invoke(new ObjectName(NAME), operation, new Object[0], new String[0]);
        } catch (InstanceNotFoundException e) {
            throw new AbsentException();
        } catch (JMException e) {
            throw new IllegalStateException("mod_cluster's " + operation + " failed: " + e.getMessage(), e);
        }
    }
}
