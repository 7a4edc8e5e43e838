package io.magicshield.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.it.cluster.LocalCluster;
import io.magicshield.it.cluster.RoomParticipant;
import io.magicshield.it.signaling.SignalingClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How long a room's participant takes to notice its node's SIGKILL and to resume on the other node, over several
 * kills (docs/cluster.md): each kill on a fresh cluster (balancer and two nodes, ~40 s to start here), a room made
 * through the balancer, one participant joined through it, its node killed. Not in {@code mvn verify}:
 * {@code mvn -pl integration-tests -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=ClusterFailoverBenchIT -Dit.groups=bench -Dit.excludedGroups= -Dclusterbench.kills=5}.
 */
@Tag("bench")
class ClusterFailoverBenchIT {

    private static final int KILLS = Integer.getInteger("clusterbench.kills", 5);

    @Test
    void detectAndResumeAfterKills() throws Exception {
        List<Double> detect = new ArrayList<>();
        List<Double> resume = new ArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        for (int kill = 1; kill <= KILLS; kill++) {
            try (LocalCluster cluster = LocalCluster.start(Map.of())) {
                HttpResponse<String> created = http.send(
                        HttpRequest.newBuilder(cluster.balancer().resolve("api/rooms"))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(201, created.statusCode(), created.body());
                String room = created.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
                try (RoomParticipant participant = RoomParticipant.join(cluster, room)) {
                    String host = participant.node();
                    long killed = System.nanoTime();
                    cluster.kill(host);
                    SignalingClient.Closed closed = participant.heartbeatUntilClosed();
                    long noticed = System.nanoTime();
                    try (RoomParticipant resumed = participant.rejoin()) {
                        long back = System.nanoTime();
                        assertTrue(!resumed.node().equals(host), "resumed on the other node");
                        detect.add((noticed - killed) / 1e9);
                        resume.add((back - noticed) / 1e9);
                        System.out.printf(
                                "[clusterbench] kill %d of %d: %s killed, socket closed (%d) after %.2f s, resumed on %s"
                                        + " %.2f s later (%d tries)%n",
                                kill,
                                KILLS,
                                host,
                                closed.code(),
                                detect.get(detect.size() - 1),
                                resumed.node(),
                                resume.get(resume.size() - 1),
                                resumed.tries());
                    }
                }
            }
        }
        System.out.printf(
                "[clusterbench] %d kills (shared 2-core machine): detect p50 %.2f s (max %.2f), resume p50 %.2f s"
                        + " (max %.2f)%n",
                KILLS,
                Figures.median(detect),
                detect.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                Figures.median(resume),
                resume.stream().mapToDouble(Double::doubleValue).max().orElse(0));
    }
}
