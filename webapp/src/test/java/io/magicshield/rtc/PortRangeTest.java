package io.magicshield.rtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PortRangeTest {

    @Test
    void parses() {
        assertEquals(new PortRange(50000, 50100), PortRange.parse("50000-50100"));
        assertEquals(new PortRange(50000, 50100), PortRange.parse(" 50000 - 50100 "));
        assertEquals(new PortRange(40000, 40000), PortRange.parse("40000"));
        assertTrue(PortRange.ANY.isAny());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "50000-", "-5", "1-2-3", "50100-50000", "80-90", "60000-70000"})
    void refusesNonsense(String text) {
        assertThrows(IllegalArgumentException.class, () -> PortRange.parse(text));
    }
}
