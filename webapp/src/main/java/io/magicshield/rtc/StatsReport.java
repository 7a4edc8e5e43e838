package io.magicshield.rtc;

/**
 * What the server tells the page about once a second over the {@code stats} DataChannel.
 *
 * @param link what the server's WebRTC stats say of the link over the last second; null until there are two readings
 */
public record StatsReport(
        double cpu,
        int sessions,
        double processingMsP50,
        double fpsIn,
        double fpsOut,
        long drops,
        int hands,
        long framesWithShield,
        LinkReport link) {}
