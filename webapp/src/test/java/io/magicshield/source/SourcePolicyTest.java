package io.magicshield.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every check runs before a connection: nothing here opens a socket (names resolve from /etc/hosts: localhost). */
class SourcePolicyTest {

    @TempDir
    Path folder;

    private SourcePolicy policy(String... networks) {
        return new SourcePolicy(
                java.util.Arrays.stream(networks).map(Cidr::parse).toList(), Set.of(554, 8554, 322), folder);
    }

    private static String refusal(SourcePolicy policy, String url) {
        return assertThrows(SourceRefusedException.class, () -> policy.check(url))
                .getMessage();
    }

    @Test
    void anAllowedRtspUrlOpensTheCheckedAddressWithItsCredentials() throws Exception {
        SourcePolicy.Checked checked = policy("127.0.0.1/32").check("rtsp://cam:s3cret@127.0.0.1:8554/live?x=1");

        assertEquals("rtsp://cam:s3cret@127.0.0.1:8554/live?x=1", checked.openUrl());
        assertEquals("rtsp://***@127.0.0.1:8554/live?***", checked.shown());
        assertTrue(checked.network());
        assertEquals(
                "rtsp://127.0.0.1:554/a",
                policy("127.0.0.0/8").check("rtsp://127.0.0.1/a").openUrl());
        assertEquals(
                "rtsps://127.0.0.1:322/a",
                policy("127.0.0.0/8").check("RTSPS://127.0.0.1/a").openUrl());
    }

    @Test
    void aNameIsResolvedOnceAndItsAddressIsWhatOpens() throws Exception {
        SourcePolicy.Checked checked = policy("127.0.0.0/8", "::1/128").check("rtsp://localhost:8554/live");

        assertTrue(
                checked.openUrl().equals("rtsp://127.0.0.1:8554/live")
                        || checked.openUrl().equals("rtsp://[0:0:0:0:0:0:0:1]:8554/live"),
                checked.openUrl());
        assertEquals("rtsp://localhost:8554/live", checked.shown());
    }

    @Test
    void otherSchemesAreRefused() {
        SourcePolicy policy = policy("127.0.0.0/8");
        for (String url : List.of(
                "http://127.0.0.1:8554/",
                "https://127.0.0.1/",
                "rtmp://127.0.0.1/live",
                "udp://127.0.0.1:8554",
                "gopher://127.0.0.1/",
                "concat:a.mp4|b.mp4",
                "subfile,,start,0,end,0,,:/etc/passwd",
                "/etc/passwd",
                "data:video/mp4;base64,AAAA")) {
            String message = refusal(policy, url);
            assertTrue(message.contains("only rtsp, rtsps and file") || message.contains("not a URL"), message);
        }
    }

    @Test
    void hostsAndPortsOutsideTheAllowListAreRefused() {
        SourcePolicy loopbackOne = policy("127.0.0.1/32");

        assertTrue(refusal(loopbackOne, "rtsp://127.0.0.2:8554/a").contains("127.0.0.2, which is not in"));
        assertTrue(refusal(loopbackOne, "rtsp://127.0.0.1:22/a").contains("port 22 is not an allowed"));
        assertTrue(refusal(loopbackOne, "rtsp://127.0.0.1:65536/a").contains("no host")
                || refusal(loopbackOne, "rtsp://127.0.0.1:65536/a").contains("port"));
        assertTrue(refusal(policy(), "rtsp://127.0.0.1:8554/a").contains("network sources are off"));
        assertTrue(refusal(loopbackOne, "rtsp:///a").contains("no host"));
    }

    @Test
    void aNameThatResolvesToADisallowedAddressIsRefused() throws Exception {
        // localhost resolves to 127.0.0.1 (and ::1): neither is in 127.0.0.2/32
        String message = refusal(policy("127.0.0.2/32"), "rtsp://localhost:8554/a");

        assertTrue(message.contains("resolves to"), message);
        InetAddress resolved = InetAddress.getByName("localhost");
        assertTrue(message.contains(resolved.getHostAddress()) || message.contains("0:0:0:0:0:0:0:1"), message);
        assertTrue(refusal(policy("127.0.0.0/8"), "rtsp://no-such-host.invalid:8554/a")
                .contains("does not resolve"));
    }

    @Test
    void credentialsNeverAppearInARefusal() {
        String message = refusal(policy("127.0.0.1/32"), "rtsp://admin:hunter2@127.0.0.9:8554/a?token=abc");

        assertFalse(message.contains("hunter2") || message.contains("admin") || message.contains("abc"), message);
        assertTrue(message.contains("rtsp://***@127.0.0.9:8554/a?***"), message);
    }

    @Test
    void fileSourcesMustBeRegularFilesInsideTheFolder() throws IOException, SourceRefusedException {
        Files.writeString(folder.resolve("clip.mp4"), "not really a clip");
        Files.createDirectories(folder.resolve("sub"));
        Path outside = Files.createTempFile("outside", ".mp4");
        Files.createSymbolicLink(folder.resolve("escape.mp4"), outside);
        SourcePolicy policy = policy();

        assertEquals(
                folder.toRealPath().resolve("clip.mp4").toString(),
                policy.check("file:clip.mp4").openUrl());
        assertFalse(policy.check("file:clip.mp4").network());
        for (String url : List.of(
                "file:../" + outside.getFileName(),
                "file:" + outside,
                "file:sub",
                "file:missing.mp4",
                "file:escape.mp4",
                "file://127.0.0.1/clip.mp4",
                "file:sub/../../etc/passwd")) {
            String message = refusal(policy, url);
            assertTrue(message.contains("no such file") || message.contains("a file source is"), url + ": " + message);
        }
        assertTrue(refusal(new SourcePolicy(List.of(), Set.of(), null), "file:clip.mp4")
                .contains("file sources are off"));
        Files.delete(outside);
    }

    @Test
    void oversizeAndControlCharactersAreRefusedBeforeParsing() {
        SourcePolicy policy = policy("127.0.0.0/8");

        assertTrue(refusal(policy, "rtsp://127.0.0.1/" + "a".repeat(3000)).contains("1 to 2048"));
        assertTrue(refusal(policy, "rtsp://127.0.0.1/a\r\nInjected: yes").contains("control"));
        assertTrue(refusal(policy, "").contains("1 to 2048"));
    }

    @Test
    void networksParseFromLiteralsOnly() {
        assertTrue(Cidr.parse("10.0.0.0/8").contains(addr("10.200.3.4")));
        assertFalse(Cidr.parse("10.0.0.0/8").contains(addr("11.0.0.1")));
        assertTrue(Cidr.parse("192.168.1.128/25").contains(addr("192.168.1.200")));
        assertFalse(Cidr.parse("192.168.1.128/25").contains(addr("192.168.1.100")));
        assertTrue(Cidr.parse("fd00::/8").contains(addr("fd12::1")));
        assertFalse(Cidr.parse("0.0.0.0/0").contains(addr("::1")), "an IPv4 network holds no IPv6 address");
        assertTrue(Cidr.parse("127.0.0.1").contains(addr("127.0.0.1")));
        for (String bad : List.of("localhost", "example.com/8", "10.0.0.0/33", "10.0.0.0/x", "", "::1/129")) {
            assertThrows(IllegalArgumentException.class, () -> Cidr.parse(bad), bad);
        }
    }

    private static InetAddress addr(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
