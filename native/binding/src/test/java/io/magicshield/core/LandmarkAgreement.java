package io.magicshield.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Our hands against MediaPipe's on the same images, as mediapipe_reference/README.md says to compare them: hands
 * matched by position (greedily, by mean landmark distance: the images hold at most a few hands), and per matched
 * hand the mean of the 21 landmark distances in pixels over the reference hand's palm size |landmark 0 - landmark
 * 9|. Add images one by one, then read the summary.
 */
final class LandmarkAgreement {

    /** One of our hands: its handedness label and 21 x (x, y, z) with x, y in image pixels. */
    record Hand(String handedness, float[] landmarks) {
        static Hand of(HandInfo info) {
            return new Hand(info.handedness(), info.landmarks());
        }

        /** A hand from a landmarks file (the CLI's output), x, y scaled from normalised to pixels. */
        static Hand of(LandmarkFile.Hand hand, int width, int height) {
            float[] px = hand.landmarks().clone();
            for (int i = 0; i < 21; i++) {
                px[3 * i] *= width;
                px[3 * i + 1] *= height;
            }
            return new Hand(hand.handedness(), px);
        }
    }

    /** One of our hands matched with a reference hand; {@code error} is a fraction of the palm size. */
    record Pair(Hand ours, LandmarkFile.Hand reference, double error) {
        boolean handednessAgrees() {
            return ours.handedness().equals(reference.handedness());
        }
    }

    record ImageResult(String file, int ourCount, int referenceCount, List<Pair> pairs) {
        boolean countMismatch() {
            return ourCount != referenceCount;
        }

        String describe() {
            StringBuilder line =
                    new StringBuilder(String.format("%-22s ours=%d mediapipe=%d", file, ourCount, referenceCount));
            for (Pair p : pairs) {
                line.append(String.format(
                        " | %s/%s err=%.2f%%",
                        p.ours().handedness(), p.reference().handedness(), 100 * p.error()));
            }
            return line.append(countMismatch() ? "  <-- hand count differs" : "")
                    .toString();
        }
    }

    private final List<ImageResult> images = new ArrayList<>();

    /** Compares one image's hands (output-frame pixels, not mirrored) with its reference entry. */
    ImageResult add(List<HandInfo> ours, LandmarkFile.Image reference) {
        return addHands(ours.stream().map(Hand::of).toList(), reference);
    }

    /** Compares one image of a landmarks file (e.g. the CLI's) with its reference entry. */
    ImageResult add(LandmarkFile.Image ours, LandmarkFile.Image reference) {
        return addHands(
                ours.hands().stream()
                        .map(h -> Hand.of(h, ours.width(), ours.height()))
                        .toList(),
                reference);
    }

    private ImageResult addHands(List<Hand> ours, LandmarkFile.Image reference) {
        record Candidate(int ours, int reference, double error) {}
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < ours.size(); i++) {
            for (int j = 0; j < reference.hands().size(); j++) {
                candidates.add(
                        new Candidate(i, j, error(ours.get(i), reference.hands().get(j), reference)));
            }
        }
        candidates.sort(Comparator.comparingDouble(Candidate::error));
        boolean[] oursUsed = new boolean[ours.size()];
        boolean[] referenceUsed = new boolean[reference.hands().size()];
        List<Pair> pairs = new ArrayList<>();
        for (Candidate c : candidates) {
            if (!oursUsed[c.ours()] && !referenceUsed[c.reference()]) {
                oursUsed[c.ours()] = true;
                referenceUsed[c.reference()] = true;
                pairs.add(new Pair(ours.get(c.ours()), reference.hands().get(c.reference()), c.error()));
            }
        }
        ImageResult result =
                new ImageResult(reference.file(), ours.size(), reference.hands().size(), List.copyOf(pairs));
        images.add(result);
        return result;
    }

    /** Mean landmark distance over the reference palm size. */
    static double error(Hand ours, LandmarkFile.Hand reference, LandmarkFile.Image image) {
        int w = image.width(), h = image.height();
        double sum = 0;
        for (int i = 0; i < 21; i++) {
            double[] r = reference.pixel(i, w, h);
            float[] o = ours.landmarks();
            sum += Math.hypot(o[3 * i] - r[0], o[3 * i + 1] - r[1]);
        }
        double[] wrist = reference.pixel(0, w, h);
        double[] middleMcp = reference.pixel(9, w, h);
        return sum / 21 / Math.hypot(wrist[0] - middleMcp[0], wrist[1] - middleMcp[1]);
    }

    List<ImageResult> images() {
        return List.copyOf(images);
    }

    long countMismatches() {
        return images.stream().filter(ImageResult::countMismatch).count();
    }

    List<Pair> pairs() {
        return images.stream().flatMap(i -> i.pairs().stream()).toList();
    }

    long handednessMismatches() {
        return pairs().stream().filter(p -> !p.handednessAgrees()).count();
    }

    Stats errors() {
        return Stats.of(pairs().stream().map(Pair::error).toList());
    }

    /** The summary lines, with a label such as the data set's name. */
    String summary(String label) {
        return String.format(
                "%s: images=%d hand-count mismatches=%d matched hands=%d handedness mismatches=%d%n"
                        + "%s: per-hand error / palm size: %s",
                label,
                images.size(),
                countMismatches(),
                pairs().size(),
                handednessMismatches(),
                label,
                errors().format(100, "%"));
    }
}
