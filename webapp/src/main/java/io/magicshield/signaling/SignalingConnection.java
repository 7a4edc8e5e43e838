package io.magicshield.signaling;

import io.magicshield.core.EffectOption;
import io.magicshield.core.EffectOptions;
import io.magicshield.room.Member;
import io.magicshield.room.RoomLimits;
import io.magicshield.room.RoomRefusedException;
import io.magicshield.room.RoomRegistry;
import io.magicshield.room.RoomView;
import io.magicshield.rtc.IceCandidate;
import io.magicshield.session.EndReason;
import io.magicshield.session.MediaRole;
import io.magicshield.session.SessionManager;
import io.magicshield.session.SessionRefusedException;
import io.magicshield.session.ShieldSession;
import io.magicshield.web.OriginPolicy;
import jakarta.websocket.CloseReason.CloseCodes;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The protocol on one WebSocket: checks each message's place in the {@link ProtocolState} machine, drives the
 * {@link ShieldSession}, and turns session events into messages. Client messages arrive one at a time on the
 * container's thread; session events arrive on WebRTC and housekeeping threads and only queue messages.
 */
final class SignalingConnection implements Member.Page {

    private static final Logger LOG = Logger.getLogger(SignalingConnection.class.getName());

    private final WebSocketOutbox out;
    private final String address;
    private final SignalingCodec codec;
    private final SessionManager sessions;
    private final RoomRegistry rooms;
    private final SignalingSettings settings;
    private final EffectOptions effectDefaults;
    private final BackgroundImageDecoder backgroundImages;

    private final Object lock = new Object();
    private ProtocolState state = ProtocolState.OPEN;
    private ShieldSession session;
    /** Recoverable errors so far; only touched on the container's message thread. */
    private int errors;

    SignalingConnection(
            WebSocketOutbox out,
            String address,
            SignalingCodec codec,
            SessionManager sessions,
            RoomRegistry rooms,
            SignalingSettings settings,
            EffectOptions effectDefaults,
            BackgroundImageDecoder backgroundImages) {
        this.out = out;
        this.address = address;
        this.codec = codec;
        this.sessions = sessions;
        this.rooms = rooms;
        this.settings = settings;
        this.effectDefaults = effectDefaults;
        this.backgroundImages = backgroundImages;
    }

    void onText(String text) {
        try {
            ClientMessage message = codec.parse(text);
            synchronized (lock) {
                state.check(message);
            }
            handle(message);
        } catch (ProtocolException e) {
            reject(e.code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "signaling from " + address + " failed", e);
            fail(ErrorCode.INTERNAL, "the server failed to handle the message; the session is closed");
        }
    }

    /**
     * A binary message is the session's background picture: checked and decoded here, on the container's thread,
     * then shown from the worker's next frame on, with the background switched to {@code image}. A refused picture
     * changes nothing.
     */
    void onBinary(byte[] file) {
        try {
            backgroundImages.checkType(file); // first, so that any non-picture gets the same answer in any state
            ShieldSession current = sessionForPicture();
            EffectOptions now = current.setBackgroundPicture(backgroundImages.decode(file));
            send(new ServerMessage.Options(now));
        } catch (ProtocolException e) {
            reject(e.code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a background picture from " + address + " failed", e);
            fail(ErrorCode.INTERNAL, "the server failed to handle the picture; the session is closed");
        }
    }

    /** A binary message over the byte limit, of which only the length was kept. */
    void onOversizedBinary(long bytes) {
        reject(ErrorCode.IMAGE_REFUSED, backgroundImages.tooLarge(bytes).getMessage());
    }

    private ShieldSession sessionForPicture() throws ProtocolException {
        synchronized (lock) {
            if (state != ProtocolState.STARTED && state != ProtocolState.NEGOTIATED) {
                throw new ProtocolException(
                        ErrorCode.OUT_OF_ORDER, "a background picture needs a running session: send start first");
            }
            return session;
        }
    }

    void refuseOrigin(String origin) {
        LOG.info(() -> "refused a signaling connection from origin " + origin + " (" + address + ")");
        fail(ErrorCode.ORIGIN_REFUSED, OriginPolicy.refusal(origin));
    }

    void refuseTooManySockets(int max) {
        // FINE: a client hammering the cap would otherwise write a log line per attempt
        LOG.fine(() -> "refused a signaling connection from " + address + ": " + max + " open already");
        fail(
                ErrorCode.TOO_MANY_SOCKETS,
                "too many connections from " + address + ": at most " + max + " at once; close one and try again");
    }

    /**
     * The socket's time to send {@code start} is up: a socket still without a session is ended like a session
     * without an offer ({@code offer_timeout}); any other is left alone.
     */
    void startTimedOut(Duration limit) {
        synchronized (lock) {
            if (state != ProtocolState.OPEN) {
                return;
            }
            state = ProtocolState.ENDED; // a start being admitted now finds the socket ended and gives its slot back
        }
        onEnded(EndReason.OFFER_TIMEOUT, "no start within " + limit.toSeconds() + " s");
    }

    /** The socket is gone (closed by either side, or failed). */
    void onClosed() {
        ShieldSession current;
        synchronized (lock) {
            state = ProtocolState.ENDED;
            current = session;
        }
        if (current != null) {
            current.end(EndReason.SOCKET_CLOSED, "the signaling connection closed");
        }
    }

    private void handle(ClientMessage message) throws ProtocolException {
        if (message instanceof ClientMessage.Start start) {
            start(start);
        } else if (message instanceof ClientMessage.Join join) {
            join(join);
        } else if (message instanceof ClientMessage.Offer offer) {
            ShieldSession current = advance(ProtocolState.NEGOTIATED);
            current.acceptOffer(offer.sdp());
        } else if (message instanceof ClientMessage.Ice ice) {
            addCandidate(ice.candidate());
        } else if (message instanceof ClientMessage.Options options) {
            ShieldSession current = currentSession();
            if ("image".equals(options.changes().get(EffectOption.BACKGROUND)) && !current.hasBackgroundPicture()) {
                throw new ProtocolException(
                        ErrorCode.NO_IMAGE,
                        "options: background image needs a picture first: send it as a binary message; nothing changed");
            }
            EffectOptions now = current.changeSettings(options.changes());
            send(new ServerMessage.Options(now));
        } else if (message instanceof ClientMessage.Stop) {
            stop();
        }
    }

    private void start(ClientMessage.Start start) {
        ShieldSession started;
        try {
            started = sessions.start(address, effectDefaults.with(start.options()), this);
        } catch (SessionRefusedException e) {
            fail(code(e), e.getMessage());
            return;
        }
        begin(started, null);
    }

    private void join(ClientMessage.Join join) {
        Member member;
        try {
            member = rooms.join(join.room(), join.role(), null, address, effectDefaults.with(join.options()), this);
        } catch (SessionRefusedException e) {
            fail(code(e), e.getMessage());
            return;
        } catch (RoomRefusedException e) {
            fail(
                    switch (e.reason()) {
                        case NOT_FOUND -> ErrorCode.ROOM_NOT_FOUND;
                        case ELSEWHERE -> ErrorCode.ROOM_ELSEWHERE;
                        case ROOM_FULL -> ErrorCode.ROOM_FULL;
                        case TOO_MANY_ROOMS -> ErrorCode.SERVER_FULL;
                        case RATE_LIMITED -> ErrorCode.RATE_LIMITED;
                    },
                    e.getMessage());
            return;
        }
        boolean viewer = join.role() == MediaRole.VIEWER;
        RoomLimits limits = rooms.limits();
        begin(
                member.session(),
                new ServerMessage.Joined(
                        member.roomId(),
                        viewer ? "viewer" : "participant",
                        member.streamId(),
                        viewer ? limits.viewerSlots() : limits.participantSlots()));
    }

    private static ErrorCode code(SessionRefusedException e) {
        return switch (e.reason()) {
            case SERVER_FULL -> ErrorCode.SERVER_FULL;
            case CPU_BUSY -> ErrorCode.CPU_BUSY;
            case RATE_LIMITED -> ErrorCode.RATE_LIMITED;
            case UNAVAILABLE -> ErrorCode.UNAVAILABLE;
        };
    }

    /** The admitted session becomes this socket's, unless the socket closed meanwhile; the page is told it is ready. */
    private void begin(ShieldSession started, ServerMessage.Joined room) {
        boolean stillOpen;
        synchronized (lock) {
            stillOpen = state == ProtocolState.OPEN;
            if (stillOpen) {
                session = started;
                state = ProtocolState.STARTED;
            }
        }
        if (!stillOpen) { // the socket closed while the session was being admitted
            started.end(EndReason.SOCKET_CLOSED, "the signaling connection closed");
            return;
        }
        send(new ServerMessage.Ready(
                started.id(),
                started.iceServers(),
                started.settings(),
                started.maxDuration().toSeconds(),
                started.warningBefore().toSeconds(),
                started.maxBitrate().kbps(),
                room));
    }

    private void addCandidate(IceCandidate candidate) throws ProtocolException {
        if (candidate.candidate().isEmpty()) {
            return; // end of the page's candidates: nothing to do
        }
        try {
            currentSession().addRemoteCandidate(candidate);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(ErrorCode.BAD_FIELD, "ice: candidate was rejected: " + e.getMessage());
        }
    }

    private void stop() {
        ShieldSession current;
        synchronized (lock) {
            current = session;
        }
        if (current != null) {
            current.end(EndReason.STOPPED, "stopped by the page");
        } else {
            onEnded(EndReason.STOPPED, "stopped by the page");
        }
    }

    private ShieldSession advance(ProtocolState next) {
        synchronized (lock) {
            state = next;
            return session;
        }
    }

    private ShieldSession currentSession() {
        synchronized (lock) {
            return session;
        }
    }

    /** A recoverable error is reported and the message ignored, until there were too many. */
    private void reject(ErrorCode code, String message) {
        if (!code.recoverable()) {
            fail(code, message);
        } else if (++errors > settings.maxErrors()) {
            fail(ErrorCode.TOO_MANY_ERRORS, "more than " + settings.maxErrors() + " bad messages; last: " + message);
        } else {
            send(new ServerMessage.Error(code, message));
        }
    }

    /** Reports the error, closes the socket and ends the session, if any. */
    private void fail(ErrorCode code, String message) {
        ShieldSession current;
        synchronized (lock) {
            state = ProtocolState.ENDED;
            current = session;
        }
        send(new ServerMessage.Error(code, message));
        out.close(code.closeCode(), code.name() + ": " + message);
        if (current != null) {
            current.end(EndReason.PROTOCOL_ERROR, code.name() + ": " + message);
        }
    }

    private void send(ServerMessage message) {
        out.send(codec.encode(message));
    }

    @Override
    public void onAnswer(String sdp) {
        send(new ServerMessage.Answer(sdp));
    }

    @Override
    public void onLocalCandidate(IceCandidate candidate) {
        send(new ServerMessage.Ice(candidate.candidate(), candidate.sdpMid(), candidate.sdpMLineIndex()));
    }

    @Override
    public void onRoom(RoomView view) {
        send(new ServerMessage.Room(view));
    }

    @Override
    public void onTimeWarning(long secondsLeft) {
        send(new ServerMessage.Warning("TIME_LIMIT", "the session ends in " + secondsLeft + " s", secondsLeft));
    }

    @Override
    public void onEnded(EndReason reason, String message) {
        synchronized (lock) {
            state = ProtocolState.ENDED;
        }
        send(new ServerMessage.Ended(reason.wireName(), message));
        out.close(CloseCodes.NORMAL_CLOSURE, "session ended: " + reason.wireName());
    }
}
