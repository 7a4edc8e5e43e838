package io.magicshield.rtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemoteCandidatesTest {

    private final List<String> added = new ArrayList<>();
    private final RemoteCandidates candidates = new RemoteCandidates("s1", candidate -> {
        if (candidate.candidate().contains("bad")) {
            throw new IllegalArgumentException("unparsable");
        }
        added.add(candidate.candidate());
    });

    private static IceCandidate candidate(String text) {
        return new IceCandidate(text, "0", 0);
    }

    @Test
    void candidatesBeforeTheOfferWaitForItAndABadOneIsSkipped() {
        candidates.add(candidate("one"));
        candidates.add(candidate("bad"));
        candidates.add(candidate("two"));
        assertEquals(List.of(), added);

        candidates.descriptionSet();
        assertEquals(List.of("one", "two"), added);

        candidates.add(candidate("three"));
        assertEquals(List.of("one", "two", "three"), added);
        assertThrows(IllegalArgumentException.class, () -> candidates.add(candidate("bad")));
    }

    @Test
    void aPageMaySendAtMost64() {
        candidates.descriptionSet();
        for (int i = 0; i < 64; i++) {
            candidates.add(candidate("c" + i));
        }
        assertThrows(IllegalArgumentException.class, () -> candidates.add(candidate("c64")));
        assertEquals(64, added.size());
    }
}
