package io.magicshield.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** A test class that runs against the application's WAR exactly as built, with the run-wide settings. */
public abstract class ServerUnderTest extends ServerTest {

    @Deployment(testable = false)
    public static WebArchive application() {
        return builtWar();
    }
}
