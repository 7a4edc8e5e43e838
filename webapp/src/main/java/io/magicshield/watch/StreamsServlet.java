package io.magicshield.watch;

import io.magicshield.source.SourceRegistry;
import io.magicshield.source.SourcesServlet;
import io.magicshield.whep.WhepServlet;
import io.magicshield.whip.WhipPublishers;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * The operator's list of the streams there are to watch on this server, for the Watch page: {@code GET /api/streams}
 * behind the operator's token (the sources API's), answering {@code {"streams": [...]}}, the pulled sources (kind
 * {@code source}, with their status) and the WHIP publishers (kind {@code whip}, with when they began), each with
 * its stream id and WHEP link once it has one. A room's participants are not listed: their streams are the room's,
 * opened by their links.
 */
@WebServlet(StreamsServlet.PATH)
public class StreamsServlet extends HttpServlet {

    static final String PATH = "/api/streams";

    @Inject
    SourceRegistry sources;

    @Inject
    WhipPublishers publishers;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!SourcesServlet.operator(sources.settings(), request, response)) {
            return;
        }
        if (request.getPathInfo() != null || request.getQueryString() != null) {
            WhepServlet.refuse(response, HttpServletResponse.SC_NOT_FOUND, "GET " + PATH + " takes no more");
            return;
        }
        JsonArrayBuilder list = Json.createArrayBuilder();
        sources.all().forEach(status -> list.add(SourcesServlet.json(status).add("kind", "source")));
        Instant now = Instant.now();
        for (WhipPublishers.Publisher publisher : publishers.all()) {
            list.add(Json.createObjectBuilder()
                    .add("kind", "whip")
                    .add("state", "live")
                    .add("streamId", publisher.streamId())
                    .add("whep", "/whep/" + publisher.streamId())
                    .add("since", publisher.since().toString())
                    .add("liveSeconds", Duration.between(publisher.since(), now).toSeconds()));
        }
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter()
                .write(Json.createObjectBuilder().add("streams", list).build().toString());
    }
}
