package io.magicshield.rtc;

/**
 * How the server's peers reach browsers: ICE servers, the UDP ports they may use, and the bitrate their video starts
 * at.
 */
public record RtcSettings(IceSettings ice, PortRange udpPorts, StartBitrate startBitrate) {
}
