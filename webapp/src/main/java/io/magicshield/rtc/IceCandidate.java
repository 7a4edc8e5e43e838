package io.magicshield.rtc;

/** An ICE candidate as signaled: the SDP attribute line and the media section it belongs to. */
public record IceCandidate(String candidate, String sdpMid, Integer sdpMLineIndex) {}
