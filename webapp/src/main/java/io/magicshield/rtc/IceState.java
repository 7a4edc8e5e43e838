package io.magicshield.rtc;

import dev.onvoid.webrtc.RTCIceConnectionState;

/** The state of a peer's ICE connection, as its session acts on it; WebRTC's own states map onto these. */
public enum IceState {
    /** Not connected yet (new, checking). */
    CONNECTING,
    /** Media can flow (connected, completed). */
    CONNECTED,
    /** Connectivity lost; ICE may still restore it. */
    DISCONNECTED,
    /** ICE gave up. */
    FAILED,
    CLOSED;

    static IceState of(RTCIceConnectionState state) {
        return switch (state) {
            case NEW, CHECKING -> CONNECTING;
            case CONNECTED, COMPLETED -> CONNECTED;
            case DISCONNECTED -> DISCONNECTED;
            case FAILED -> FAILED;
            case CLOSED -> CLOSED;
        };
    }
}
