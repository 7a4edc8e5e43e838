package io.magicshield.it.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The JavaScript the browser tests run in the page, kept as test resources under {@code browser/}. */
final class PageScripts {

    private PageScripts() {}

    static String read(String name) {
        try (InputStream in = PageScripts.class.getResourceAsStream("/browser/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource browser/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
