package io.magicshield.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdmissionControlTest {

    private final SessionLimits limits = Limits.standard();
    private double cpu = 0.2;
    /** Each address's starts so far: the quota lets the limit's number through (its refill: SharedTokenBucketTest). */
    private final Map<String, Integer> starts = new HashMap<>();

    private final AdmissionControl admission = new AdmissionControl(
            limits, address -> starts.merge(address, 1, Integer::sum) <= limits.rateLimitStarts(), () -> cpu);

    private SessionRefusedException refused(String address) {
        return assertThrows(SessionRefusedException.class, () -> admission.admit(address));
    }

    @Test
    void refusesBeyondMaxSessionsUntilASlotIsFreed() throws Exception {
        Permit first = admission.admit("10.0.0.1");
        admission.admit("10.0.0.2");
        SessionRefusedException full = refused("10.0.0.3");
        assertEquals(RefusalReason.SERVER_FULL, full.reason());
        assertTrue(full.getMessage().contains("the server is full (2 of 2 sessions in use)"), full.getMessage());

        first.close();
        first.close(); // a second close must not free a second slot
        assertEquals(1, admission.active());
        admission.admit("10.0.0.3");
        assertEquals(RefusalReason.SERVER_FULL, refused("10.0.0.4").reason());
    }

    @Test
    void refusesWhileCpuIsAboveTheThreshold() throws Exception {
        cpu = 0.93;
        SessionRefusedException busy = refused("10.0.0.1");
        assertEquals(RefusalReason.CPU_BUSY, busy.reason());
        assertTrue(busy.getMessage().contains("CPU at 93% (limit 80%)"), busy.getMessage());
        assertEquals(0, admission.active());
        cpu = 0.8; // at the threshold is still fine
        admission.admit("10.0.0.1");
        assertEquals(1, admission.active());
    }

    @Test
    void rateLimitsStartsPerAddress() throws Exception {
        for (int i = 0; i < 3; i++) {
            admission.admit("10.0.0.1").close();
        }
        SessionRefusedException limited = refused("10.0.0.1");
        assertEquals(RefusalReason.RATE_LIMITED, limited.reason());
        assertTrue(limited.getMessage().contains("at most 3 per 60 s"), limited.getMessage());
        admission.admit("10.0.0.2").close(); // other addresses are not affected
    }

    @Test
    void aFullServerStillCountsTheAttemptAgainstTheRateLimit() throws Exception {
        admission.admit("10.0.0.8");
        admission.admit("10.0.0.9");
        for (int i = 0; i < 3; i++) {
            assertEquals(RefusalReason.SERVER_FULL, refused("10.0.0.1").reason());
        }
        assertEquals(RefusalReason.RATE_LIMITED, refused("10.0.0.1").reason());
    }
}
