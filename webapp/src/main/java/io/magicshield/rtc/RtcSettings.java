package io.magicshield.rtc;

/**
 * How the server's peers reach browsers: ICE servers, the UDP ports they may use, the bitrate their video starts at
 * and the most either video stream may use.
 */
public record RtcSettings(IceSettings ice, PortRange udpPorts, StartBitrate startBitrate, MaxBitrate maxBitrate) {}
