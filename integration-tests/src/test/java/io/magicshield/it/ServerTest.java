package io.magicshield.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of every test class: a client of the managed WildFly (one per run, see arquillian.xml). Tests run as clients
 * ({@code testable = false}): they talk to the server over HTTP, WebSocket and WebRTC as a page would. A subclass
 * declares its deployment: {@link ServerUnderTest} the WAR exactly as built, others {@link #configuredWar} when they
 * need other limits (a class's deployment is made before its tests and removed after them).
 */
@ExtendWith(ArquillianExtension.class)
public abstract class ServerTest {

    /**
     * Added to every port of the server under test (WildFly's {@code jboss.socket.binding.port-offset}), so that two
     * test runs on one machine do not meet: {@code -Dmagicshield.it.port-offset=100
     * -Dmagicshield.it.management-port=10090} (arquillian.xml reads the second).
     */
    public static final int PORT_OFFSET = Integer.getInteger("magicshield.it.port-offset", 0);

    public static final int HTTP_PORT = 8080 + PORT_OFFSET;
    public static final int HTTPS_PORT = 8443 + PORT_OFFSET;
    /** The page's own origin. */
    public static final String ORIGIN = "http://127.0.0.1:" + HTTP_PORT;
    /** The WAR's context root is "/" (WEB-INF/jboss-web.xml); configure.cli binds the server to the loopback. */
    public static final URI BASE = URI.create(ORIGIN + "/");

    public static final URI SIGNALING = URI.create("ws://127.0.0.1:" + HTTP_PORT + "/ws/signal");
    /** MicroProfile Health on the management interface (configure.cli enables it without security). */
    public static final URI READINESS = URI.create("http://127.0.0.1:" + (9990 + PORT_OFFSET) + "/health/ready");
    /** The name the WAR is deployed under (Arquillian keeps the file's name). */
    public static final String DEPLOYMENT_NAME = "magicshield-webapp.war";

    /**
     * Above every config source the server has (system properties 400, environment 300, the WAR's own file 100), so
     * a test's values win over the run-wide ones that arquillian.xml passes as system properties.
     */
    private static final int TEST_CONFIG_ORDINAL = 500;

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The WAR under test, exactly as the webapp module built it. */
    public static WebArchive builtWar() {
        File war = new File(System.getProperty("magicshield.war", "target/deployments/" + DEPLOYMENT_NAME));
        if (!war.isFile()) {
            throw new IllegalStateException(
                    "the WAR under test is missing: " + war.getAbsolutePath() + " (build the webapp module first)");
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }

    /**
     * The built WAR plus a jar whose {@code META-INF/microprofile-config.properties} sets these properties: MicroProfile
     * Config reads every such file on the class path, and the highest {@code config_ordinal} wins. The application
     * reads its configuration at deployment, so the values hold for the class that deploys this WAR.
     */
    public static WebArchive configuredWar(Map<String, String> properties) {
        StringBuilder file = new StringBuilder("# test configuration, above the run-wide system properties\n")
                .append("config_ordinal=")
                .append(TEST_CONFIG_ORDINAL)
                .append('\n');
        new TreeMap<>(properties)
                .forEach((key, value) ->
                        file.append(key).append('=').append(value).append('\n'));
        JavaArchive config = ShrinkWrap.create(JavaArchive.class, "test-configuration.jar")
                .addAsManifestResource(new StringAsset(file.toString()), "microprofile-config.properties");
        System.out.println("[config] deploying the WAR with " + printable(properties));
        return builtWar().addAsLibrary(config);
    }

    /** The properties with the values of secrets hidden, for the test's output. */
    private static Map<String, String> printable(Map<String, String> properties) {
        Map<String, String> printable = new TreeMap<>(properties);
        printable.replaceAll((key, value) -> key.contains("secret") || key.contains("token") ? "(hidden)" : value);
        return printable;
    }

    /** A GET that returns whatever the server answered (any status). */
    public static HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    /** A GET with these headers (name, value, name, value...; a name given twice is sent twice). */
    public static HttpResponse<String> get(URI uri, String... headers) {
        return send(HttpRequest.newBuilder(uri).headers(headers).GET());
    }

    /** Sends the request as built so far, whatever its method; returns whatever the server answered. */
    public static HttpResponse<String> send(HttpRequest.Builder builder) {
        HttpRequest request = builder.timeout(Duration.ofSeconds(10)).build();
        URI uri = request.uri();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + request.method() + " " + uri, e);
        }
    }

    public static HttpResponse<String> get(String pathFromBase) {
        return get(BASE.resolve(pathFromBase));
    }
}
