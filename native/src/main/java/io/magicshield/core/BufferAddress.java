package io.magicshield.core;

import java.nio.Buffer;

import org.bytedeco.javacpp.Pointer;

/** The native address of a direct buffer, through JavaCPP's JNI helper (no Pointer object per call). */
final class BufferAddress extends Pointer {
    private BufferAddress() {
    }

    /** The address of the buffer's current position. */
    static long of(Buffer buffer) {
        return getDirectBufferAddress(buffer) + buffer.position();
    }
}
