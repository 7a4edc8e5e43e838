package io.magicshield.it.browser;

import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;

/** Runs {@code browser/whip-publish.js}, a minimal WHIP publisher of fetch and RTCPeerConnection, in a browser. */
public final class WhipScript {

    private WhipScript() {}

    /** Publishes the browser's fake camera to {@code endpoint}; the connection stays open in the page. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> publish(JavascriptExecutor page, String endpoint, String token) {
        return (Map<String, Object>) page.executeAsyncScript(PageScripts.read("whip-publish.js"), endpoint, token);
    }
}
