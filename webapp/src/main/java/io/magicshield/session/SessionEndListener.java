package io.magicshield.session;

/** Told once per session that ends, before its peer and slot are released; called on any thread, must not block. */
@FunctionalInterface
interface SessionEndListener {

    void sessionEnded(String sessionId, EndReason reason);
}
