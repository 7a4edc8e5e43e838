package io.magicshield.session;

/** Why a session start was refused. */
public enum RefusalReason {
    /** All session slots are in use. */
    SERVER_FULL,
    /** System CPU load is above the threshold. */
    CPU_BUSY,
    /** This address started too many sessions recently. */
    RATE_LIMITED,
    /** The effect core or WebRTC cannot run on this server. */
    UNAVAILABLE
}
