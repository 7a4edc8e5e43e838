package io.magicshield.room;

import io.magicshield.rtc.AudioChannel;
import io.magicshield.rtc.OfferSlots;
import io.magicshield.rtc.SharedStream;
import io.magicshield.session.EndReason;
import io.magicshield.session.MediaRole;
import io.magicshield.session.ShieldSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One room: who is in it (participants in join order, viewers) within its limits, and which stream each member's
 * receive slots show. Membership changes under the room's lock; {@link #rewire()} (slots and room messages) runs on
 * the registry's one wiring thread, so two rewires never interleave.
 */
final class Room {

    private final String id;
    private final RoomLimits limits;
    private final List<Member> participants = new ArrayList<>();
    private final List<Member> viewers = new ArrayList<>();
    private int joins;
    private Instant emptySince;
    private boolean ended;

    Room(String id, RoomLimits limits, Instant createdAt) {
        this.id = id;
        this.limits = limits;
        this.emptySince = createdAt;
    }

    String id() {
        return id;
    }

    /** The member's place in the room, made by {@code factory} with the stream number it is given. */
    @FunctionalInterface
    interface MemberFactory {
        Member make(String streamId, String label);
    }

    /** @throws RoomRefusedException when the room has ended or has no place left for {@code role} */
    synchronized Member add(MediaRole role, MemberFactory factory) throws RoomRefusedException {
        if (ended) {
            throw new RoomRefusedException(RoomRefusedException.Reason.NOT_FOUND, "this room has ended");
        }
        if (role != MediaRole.VIEWER) {
            if (participants.size() >= limits.participants()) {
                throw new RoomRefusedException(
                        RoomRefusedException.Reason.ROOM_FULL,
                        "the room is full: " + limits.participants() + " participants at most; you can still watch");
            }
            int number = ++joins;
            Member member = factory.make(id + "." + number, "Participant " + number);
            participants.add(member);
            emptySince = null;
            return member;
        }
        if (viewers.size() >= limits.viewers()) {
            throw new RoomRefusedException(
                    RoomRefusedException.Reason.ROOM_FULL,
                    "the room has as many viewers as it may (" + limits.viewers() + ")");
        }
        Member member = factory.make(null, null);
        viewers.add(member);
        return member;
    }

    synchronized void remove(Member member, Instant now) {
        participants.remove(member);
        viewers.remove(member);
        if (participants.isEmpty() && emptySince == null) {
            emptySince = now;
        }
    }

    /** @return whether a participant's stream by this id is in the room now */
    synchronized boolean hasStream(String streamId) {
        return participants.stream().anyMatch(m -> streamId.equals(m.streamId()));
    }

    synchronized int members() {
        return participants.size() + viewers.size();
    }

    /**
     * Ends the room when it had no participant for the grace period: its viewers' sessions end.
     *
     * @return whether it ended now
     */
    boolean endIfAbandoned(Instant now) {
        List<Member> watching;
        synchronized (this) {
            if (ended || emptySince == null || now.isBefore(emptySince.plus(limits.emptyGrace()))) {
                return false;
            }
            ended = true;
            watching = List.copyOf(viewers);
        }
        for (Member viewer : watching) {
            ShieldSession session = viewer.session();
            if (session != null) {
                session.end(EndReason.ROOM_ENDED, "the room ended: every participant left");
            }
        }
        return true;
    }

    /** Puts the wanted streams in every member's receive slots and tells each page what it is shown. */
    void rewire() {
        List<Member> sources;
        List<Member> members;
        int participantCount;
        int viewerCount;
        synchronized (this) {
            sources = List.copyOf(participants);
            members = new ArrayList<>(participants);
            members.addAll(viewers);
            participantCount = participants.size();
            viewerCount = viewers.size();
        }
        Map<String, Member> byStream = new HashMap<>();
        Map<String, SharedStream> streams = new HashMap<>();
        for (Member source : sources) {
            SharedStream stream = source.session() == null ? null : source.session().stream();
            if (stream != null) {
                byStream.put(stream.id(), source);
                streams.put(stream.id(), stream);
            }
        }
        for (Member member : members) {
            ShieldSession session = member.session();
            if (session == null) {
                continue;
            }
            if (member.pinnedStream() != null
                    && sources.stream()
                            .noneMatch(source -> member.pinnedStream().equals(source.streamId()))) {
                session.end(EndReason.STREAM_ENDED, "the stream ended: its participant left the room");
                continue;
            }
            OfferSlots slots = session.slots();
            if (slots.count() == 0) {
                continue; // not negotiated yet: its answer brings a rewire
            }
            List<String> wanted = sources.stream()
                    .filter(source -> source != member && member.wants(source))
                    .map(source ->
                            source.session() == null ? null : source.session().id())
                    .filter(streams::containsKey)
                    .toList();
            List<String> shown = ids(session.shown());
            List<String> next = SlotPlan.assign(shown, wanted);
            for (int slot : SlotPlan.changed(shown, next)) {
                if (next.get(slot) == null) {
                    session.clear(slot);
                } else {
                    session.show(slot, streams.get(next.get(slot)));
                }
            }
            List<RoomView.Tile> tiles = new ArrayList<>();
            List<String> now = ids(session.shown()); // a stream that closed meanwhile is not shown
            for (int slot = 0; slot < now.size(); slot++) {
                Member source = now.get(slot) == null ? null : byStream.get(now.get(slot));
                if (source != null) {
                    tiles.add(new RoomView.Tile(
                            source.streamId(), source.label(), slots.mids().get(slot)));
                }
            }
            member.show(new RoomView(id, member.streamId(), tiles, participantCount, viewerCount));
        }
        routeSound(sources, members);
    }

    /** Each participant's sound goes to every other member, never back to itself; a viewer's goes nowhere. */
    private static void routeSound(List<Member> sources, List<Member> members) {
        Map<Member, AudioChannel> channels = new HashMap<>();
        for (Member member : members) {
            AudioChannel channel =
                    member.session() == null ? null : member.session().audio();
            if (channel != null) {
                channels.put(member, channel);
            }
        }
        channels.forEach((member, channel) -> {
            if (sources.contains(member)) {
                List<AudioChannel> others = channels.entrySet().stream()
                        .filter(other -> other.getKey() != member)
                        .map(Map.Entry::getValue)
                        .toList();
                channel.forwardTo(member.soundSource(), others);
            } else {
                channel.forwardTo(0, List.of());
            }
        });
    }

    private static List<String> ids(List<SharedStream> shown) {
        return shown.stream().map(s -> s == null ? null : s.id()).toList();
    }
}
