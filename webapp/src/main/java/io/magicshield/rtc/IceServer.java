package io.magicshield.rtc;

import java.util.List;

/** One entry of an ICE server list, shaped like the browser's {@code RTCIceServer} dictionary. */
public record IceServer(List<String> urls, String username, String credential) {

    public IceServer {
        urls = List.copyOf(urls);
    }

    public static IceServer withoutCredentials(List<String> urls) {
        return new IceServer(urls, null, null);
    }
}
