package io.magicshield.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of every test class: the managed WildFly (one per run, see arquillian.xml) with the application's WAR deployed
 * exactly as built. The tests run as clients ({@code testable = false}): they talk to the server over HTTP, WebSocket
 * and WebRTC as a page would, and nothing of theirs is added to the deployment.
 */
@ExtendWith(ArquillianExtension.class)
public abstract class ServerUnderTest {

    /** The WAR's context root is "/" (WEB-INF/jboss-web.xml); configure.cli binds the server to the loopback. */
    public static final URI BASE = URI.create("http://127.0.0.1:8080/");
    public static final URI SIGNALING = URI.create("ws://127.0.0.1:8080/ws/signal");
    /** MicroProfile Health on the management interface (configure.cli enables it without security). */
    public static final URI READINESS = URI.create("http://127.0.0.1:9990/health/ready");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Deployment(testable = false)
    public static WebArchive application() {
        File war = new File(System.getProperty("magicshield.war", "target/deployments/magicshield-webapp.war"));
        if (!war.isFile()) {
            throw new IllegalStateException("the WAR under test is missing: " + war.getAbsolutePath()
                    + " (build the webapp module first)");
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }

    /** A GET that returns whatever the server answered (any status). */
    public static HttpResponse<String> get(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during GET " + uri, e);
        }
    }

    public static HttpResponse<String> get(String pathFromBase) {
        return get(BASE.resolve(pathFromBase));
    }
}
