package io.magicshield.it;

import static io.magicshield.it.signaling.ClientMessages.start;
import static io.magicshield.it.signaling.ClientMessages.stop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.browser.ChromiumBrowser;
import io.magicshield.it.browser.PageProbe;
import io.magicshield.it.browser.PatternCamera;
import io.magicshield.it.signaling.SignalingClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/**
 * HTTPS for LAN use: the provisioned server listens on 8443 with the self-signed certificate configure-server.sh
 * generated (names and addresses of the machine, 127.0.0.1 among them). Pinned to that certificate, a client gets
 * the page over https, with HSTS, and a session over wss; and Chromium, told to accept the certificate as a person
 * would click through the warning, runs a live session from https://127.0.0.1:8443/ (a secure context, so the camera
 * works) under the page's Content-Security-Policy, wss included.
 */
class HttpsListenerIT extends ServerUnderTest {

    private static final URI HTTPS = URI.create("https://127.0.0.1:" + HTTPS_PORT + "/");
    private static final URI WSS = URI.create("wss://127.0.0.1:" + HTTPS_PORT + "/ws/signal");

    @Test
    void thePageAndSignalingWorkOverTheGeneratedCertificate() throws Exception {
        X509Certificate certificate = presentedCertificate();
        Collection<List<?>> names = certificate.getSubjectAlternativeNames();
        System.out.printf(
                "[https] certificate: %s, issued by %s, %s to %s, names %s%n",
                certificate.getSubjectX500Principal(),
                certificate.getIssuerX500Principal(),
                certificate.getNotBefore(),
                certificate.getNotAfter(),
                names);
        assertEquals(certificate.getSubjectX500Principal(), certificate.getIssuerX500Principal(), "self-signed");
        assertTrue(
                certificate.getSubjectX500Principal().getName().contains("Magic Shield"),
                "generated at provisioning, not Elytron's on-demand one for localhost");
        assertTrue(names.stream().anyMatch(n -> "127.0.0.1".equals(n.get(1))), "valid for 127.0.0.1: " + names);
        assertTrue(
                certificate.getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(365))),
                "valid for a year or more");

        HttpClient pinned = HttpClient.newBuilder()
                .sslContext(trusting(certificate))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpResponse<String> page =
                pinned.send(HttpRequest.newBuilder(HTTPS).GET().build(), HttpResponse.BodyHandlers.ofString());
        System.out.println("[https] GET " + HTTPS + ": " + page.statusCode() + ", " + page.version());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<video id=\"remote\""), "the page");
        // over https the page also tells browsers to come back over https only (PublicSurfaceIT: never over http)
        assertEquals(
                "max-age=31536000",
                page.headers().firstValue("Strict-Transport-Security").orElse(null));
        assertTrue(
                page.headers().firstValue("Content-Security-Policy").orElse("").startsWith("default-src 'self'"));

        try (SignalingClient signaling = SignalingClient.connect(WSS, "https://127.0.0.1:" + HTTPS_PORT, pinned)) {
            signaling.send(start());
            String session = signaling.await("ready").getString("sessionId");
            signaling.send(stop());
            assertEquals("stopped", signaling.await("ended").getString("reason"));
            System.out.println("[https] wss: session " + session + " started and stopped");
        }

        PageProbe.Sample live;
        try (ChromiumBrowser browser = new ChromiumBrowser(
                PatternCamera.file(), PatternCamera.workDir(), List.of("--ignore-certificate-errors"))) {
            browser.driver().get(HTTPS + "?autostart");
            live = new PageProbe(browser.driver())
                    .await(
                            s -> "live".equals(s.state()) && s.remoteSize() != null || "error".equals(s.state()),
                            Duration.ofSeconds(30));
            Object secure = browser.driver().executeScript("return window.isSecureContext;");
            System.out.println("[https] Chromium on " + HTTPS + ": secure context " + secure + ", state " + live.state()
                    + ", remote video " + live.remoteSize() + ", banner " + live.banner());
            assertEquals(Boolean.TRUE, secure, "a secure context: the camera may be used");
        }
        assertEquals("live", live.state(), "a live session over https and wss");
    }

    /** The certificate the server presents, taken without trusting it (the checks above decide). */
    private static X509Certificate presentedCertificate() throws Exception {
        SSLContext anyCertificate = SSLContext.getInstance("TLS");
        anyCertificate.init(
                null,
                new TrustManager[] {
                    new X509TrustManager() {
                        @Override
                        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                        @Override
                        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                        @Override
                        public X509Certificate[] getAcceptedIssuers() {
                            return new X509Certificate[0];
                        }
                    }
                },
                null);
        try (SSLSocket socket =
                (SSLSocket) anyCertificate.getSocketFactory().createSocket(HTTPS.getHost(), HTTPS.getPort())) {
            socket.startHandshake();
            Certificate[] chain = socket.getSession().getPeerCertificates();
            assertEquals(1, chain.length, "a self-signed certificate comes alone");
            return (X509Certificate) chain[0];
        }
    }

    /** TLS that trusts exactly this certificate, with the usual checks (validity, host name) on top. */
    private static SSLContext trusting(X509Certificate certificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("magicshield", certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
