package io.magicshield.rtc;

/** What the server tells the page about once a second over the {@code stats} DataChannel. */
public record StatsReport(double cpu, int sessions, double processingMsP50, double fpsIn, double fpsOut,
                          long drops, int hands, long framesWithShield) {
}
