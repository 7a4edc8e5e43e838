package io.magicshield.room;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlotPlanTest {

    private static List<String> slots(String... ids) {
        return Arrays.asList(ids);
    }

    @Test
    void newStreamsTakeTheLowestFreeSlotsInJoinOrder() {
        assertEquals(slots("a", "b", null), SlotPlan.assign(slots(null, null, null), List.of("a", "b")));
    }

    @Test
    void aStreamKeepsItsSlotWhenAnEarlierOneLeaves() {
        List<String> next = SlotPlan.assign(slots("a", "b", "c"), List.of("b", "c"));

        assertEquals(slots(null, "b", "c"), next);
        assertEquals(List.of(0), SlotPlan.changed(slots("a", "b", "c"), next));
    }

    @Test
    void aNewcomerFillsTheSlotALeaverFreed() {
        assertEquals(slots("d", "b", "c"), SlotPlan.assign(slots(null, "b", "c"), List.of("b", "c", "d")));
    }

    @Test
    void streamsBeyondTheSlotsWaitForOne() {
        List<String> full = SlotPlan.assign(slots(null, null), List.of("a", "b", "c"));
        assertEquals(slots("a", "b"), full);

        assertEquals(slots("c", "b"), SlotPlan.assign(full, List.of("b", "c")), "c gets the slot a gave up");
    }

    @Test
    void nothingChangesWhenTheWantedStreamsAreShown() {
        List<String> shown = slots("a", null, "b");

        assertEquals(shown, SlotPlan.assign(shown, List.of("a", "b")));
        assertEquals(List.of(), SlotPlan.changed(shown, SlotPlan.assign(shown, List.of("a", "b"))));
    }
}
