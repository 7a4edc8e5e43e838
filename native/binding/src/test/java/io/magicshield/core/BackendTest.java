package io.magicshield.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Choosing the compute backend from Java. The GPU path's agreement with the CPU's is checked by the C++ tests
 * (magicshield_backend_tests); where the jar was built with -Pcuda and a GPU can run it, every other test here runs
 * on that path too, as {@code auto} takes it.
 */
class BackendTest {

    @Test
    void unknownBackendsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> NativeCore.useBackend("gpu"));
        assertThrows(IllegalArgumentException.class, () -> NativeCore.useBackend(null));
    }

    @Test
    void theBackendInUseIsReported() {
        NativeCore core = NativeCore.instance();
        String backend = core.backend();
        System.out.println("[backend] " + core.describe());
        assertTrue(List.of("cpu", "cuda").contains(backend), backend);
        assertTrue(core.describe().contains("backend: " + backend), core.describe());
    }

    @Test
    void theBackendCannotChangeOnceLoaded() {
        NativeCore.instance();
        String loadedWith = System.getProperty(NativeCore.BACKEND_PROPERTY, "auto");
        assertDoesNotThrow(() -> NativeCore.useBackend(loadedWith));
        String other = loadedWith.equals("cpu") ? "auto" : "cpu";
        assertThrows(IllegalStateException.class, () -> NativeCore.useBackend(other));
    }
}
