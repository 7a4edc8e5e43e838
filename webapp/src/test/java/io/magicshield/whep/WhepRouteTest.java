package io.magicshield.whep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.magicshield.room.StreamPlace;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class WhepRouteTest {

    private static final String ROOM = "AbCdEfGhIjKlMnOpQrStUv";
    private static final String STREAM = ROOM + ".2";
    private static final String PATH = "/whep/" + STREAM;
    /** What a redirect may hold: a path on this origin, its characters those of ids, routes and the parameter. */
    private static final Pattern SAME_ORIGIN_PATH = Pattern.compile("/whep/[A-Za-z0-9_.-]+;jsessionid=[A-Za-z0-9_.-]+");

    @Test
    void aStreamHerePlays() {
        assertTrue(WhepRoute.decide(PATH, ROOM, StreamPlace.of(StreamPlace.Kind.HERE), false)
                .plays());
        assertTrue(WhepRoute.decide(PATH, ROOM, StreamPlace.of(StreamPlace.Kind.HERE), true)
                .plays());
    }

    @Test
    void aStreamOnAnotherNodeIsRedirectedOnceToThisOriginWithThatNodesRoute() {
        WhepRoute.Decision decision = WhepRoute.decide(PATH, ROOM, StreamPlace.elsewhere("node2"), false);

        assertEquals(307, decision.status());
        assertEquals("/whep/" + STREAM + ";jsessionid=" + ROOM + ".node2", decision.location());
    }

    @Test
    void aWhipJoinOfARoomOnAnotherNodeIsRedirectedToItsPath() {
        WhepRoute.Decision decision = WhepRoute.decide("/whip/" + ROOM, ROOM, StreamPlace.elsewhere("node1"), false);

        assertEquals(307, decision.status());
        assertEquals("/whip/" + ROOM + ";jsessionid=" + ROOM + ".node1", decision.location());
        assertEquals(
                404,
                WhepRoute.decide("/whip/" + ROOM, ROOM, StreamPlace.elsewhere("node1"), true)
                        .status());
    }

    @Test
    void theBalancerReadsExactlyTheRouteFromTheParameter() {
        // mod_cluster routes by everything after the value's first dot (Undertow's RouteIteratorFactory)
        for (String route : List.of("node2", "host.example.com", "a-b_c")) {
            String location = WhepRoute.routed(PATH, ROOM, route);
            String value = location.substring(location.indexOf(";jsessionid=") + ";jsessionid=".length());
            assertEquals(route, value.substring(value.indexOf('.') + 1), location);
        }
    }

    @Test
    void aRequestThatAlreadyCarriesARouteIsNeverRedirectedAgain() {
        WhepRoute.Decision decision = WhepRoute.decide(PATH, ROOM, StreamPlace.elsewhere("node2"), true);

        assertEquals(404, decision.status());
        assertNull(decision.location());
    }

    @Test
    void aRouteIsFoundInTheRequestUriAsTheBalancerReadsIt() {
        assertTrue(WhepRoute.routedUri("/whep/" + STREAM + ";jsessionid=" + ROOM + ".node1"));
        assertTrue(WhepRoute.routedUri("/whep/" + STREAM + ";jsessionid=x.evil.example"));
        assertTrue(WhepRoute.routedUri("/whep/" + STREAM + ";a=b;jsessionid=x.y"));
        assertTrue(WhepRoute.routedUri("/whep/" + STREAM + "/s;jsessionid=x.node2"));
        assertTrue(!WhepRoute.routedUri("/whep/" + STREAM), "no parameter");
        assertTrue(!WhepRoute.routedUri(null), "no URI");
        assertTrue(!WhepRoute.routedUri("/whep/" + STREAM + ";jsessionid=nodot"), "a session id without a route");
        assertTrue(!WhepRoute.routedUri("/whep/" + STREAM + ";jsessionid="), "empty");
        assertTrue(!WhepRoute.routedUri("/whep;jsessionid=nodot/" + STREAM), "the stream's dot is no route's");
        assertTrue(!WhepRoute.routedUri("/whep/" + STREAM + ";JSESSIONID=x.node1"), "the balancer's name only");
        assertTrue(WhepRoute.routes("x.node1"));
        assertTrue(!WhepRoute.routes("x") && !WhepRoute.routes(null));
    }

    @Test
    void aRouteThatCouldLeaveThePathIsNeverRedirectedTo() {
        for (String route : List.of(
                "",
                "node2/../admin",
                "//evil.example",
                "evil.example:80/x",
                "node2\r\nSet-Cookie: a=b",
                "node2;jsessionid=x",
                "node2?x",
                "node2#x",
                "n o d e",
                "nøde",
                "n".repeat(65))) {
            WhepRoute.Decision decision = WhepRoute.decide(PATH, ROOM, StreamPlace.elsewhere(route), false);
            assertEquals(404, decision.status(), route);
            assertNull(decision.location(), route);
        }
    }

    @Test
    void everyRedirectIsAPathOnThisOrigin() {
        for (String route : List.of("node1", "node2", "n".repeat(64), "host.example.com", "-_.")) {
            String location = WhepRoute.decide(PATH, ROOM, StreamPlace.elsewhere(route), false)
                    .location();
            assertTrue(SAME_ORIGIN_PATH.matcher(location).matches(), location);
            assertTrue(!location.startsWith("//"), location);
        }
    }

    @Test
    void aStreamBeingMovedIsUnavailableForAMomentAndOneWhoseNodeLeftOrThatNeverWasIsNotFound() {
        WhepRoute.Decision moving = WhepRoute.decide(PATH, ROOM, StreamPlace.of(StreamPlace.Kind.MOVING), false);
        assertEquals(503, moving.status());
        assertTrue(moving.message().contains(WhepRoute.MOVING_RETRY.toSeconds() + " s"), moving.message());

        WhepRoute.Decision gone = WhepRoute.decide(PATH, ROOM, StreamPlace.of(StreamPlace.Kind.GONE), false);
        assertEquals(404, gone.status());
        assertTrue(gone.message().contains("left the cluster"), gone.message());

        WhepRoute.Decision none = WhepRoute.decide(PATH, ROOM, StreamPlace.of(StreamPlace.Kind.NONE), false);
        assertEquals(404, none.status());
        assertNull(none.location());
    }
}
