package io.magicshield.rtc;

/** How the server's peers reach browsers: ICE servers and the UDP ports they may use. */
public record RtcSettings(IceSettings ice, PortRange udpPorts) {
}
