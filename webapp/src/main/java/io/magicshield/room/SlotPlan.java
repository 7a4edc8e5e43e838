package io.magicshield.room;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which stream each receive slot of one page should show: a stream keeps its slot while it stays (its tile does not
 * jump), gone ones free theirs, and new ones take the lowest free slots in join order. Pure, so it is unit-tested.
 */
final class SlotPlan {

    private SlotPlan() {}

    /**
     * @param shown  what each slot shows now (null where empty)
     * @param wanted the streams to show, in join order; those beyond the free slots wait for one
     * @return what each slot should show (null where empty), as long as {@code shown}
     */
    static List<String> assign(List<String> shown, List<String> wanted) {
        List<String> next = new ArrayList<>(shown);
        next.replaceAll(id -> id != null && wanted.contains(id) ? id : null);
        for (String id : wanted) {
            if (next.contains(id)) {
                continue;
            }
            int free = next.indexOf(null);
            if (free < 0) {
                break;
            }
            next.set(free, id);
        }
        return next;
    }

    /** Slots whose content changes from {@code shown} to {@code next}. */
    static List<Integer> changed(List<String> shown, List<String> next) {
        List<Integer> changed = new ArrayList<>();
        for (int i = 0; i < next.size(); i++) {
            if (!Objects.equals(shown.get(i), next.get(i))) {
                changed.add(i);
            }
        }
        return changed;
    }
}
