package io.magicshield.it.video;

import io.magicshield.core.EffectOption;
import io.magicshield.core.EffectOptions;
import io.magicshield.core.FrameDetails;
import io.magicshield.core.FrameMode;
import io.magicshield.core.HandInfo;
import io.magicshield.core.HandState;
import io.magicshield.core.I420Frame;
import io.magicshield.core.NativeCore;
import io.magicshield.core.ShieldProcessor;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The native core in the test JVM, run on the frames the client sends with the options the server said are in
 * force: what the server should have drawn. The rings turn with time, so tests compare where the shield is and its
 * colour, not pixels.
 */
public final class ReferenceEffect implements AutoCloseable {

    /** The input mirrored and with the effect drawn, and what the core found. */
    public record Output(I420Image image, FrameDetails result) {

        /** The hand whose shield is fully drawn (faded in), if any. */
        public Optional<HandInfo> fullShield() {
            return result.hands().stream()
                    .filter(h -> h.state() == HandState.SHIELD && h.shieldOpacity() >= 0.99f)
                    .findFirst();
        }

        public boolean anyHand() {
            return !result.hands().isEmpty();
        }
    }

    private final ShieldProcessor processor;

    /** A video-mode processor: hands tracked from frame to frame and the shield fading in, as on the server. */
    public ReferenceEffect(EffectOptions options) {
        processor = NativeCore.instance().newProcessor(options, FrameMode.VIDEO);
    }

    /** The options a {@code ready} or {@code options} message says are in force (docs/protocol.md). */
    public static EffectOptions optionsOf(JsonObject o) {
        Map<EffectOption, Object> values = new EnumMap<>(EffectOption.class);
        for (EffectOption option : EffectOption.values()) {
            JsonValue value = o.get(option.jsonName());
            values.put(
                    option,
                    switch (option.kind()) {
                        case BOOLEAN -> value == JsonValue.TRUE;
                        case INTEGER -> ((JsonNumber) value).intValueExact();
                        case NUMBER -> ((JsonNumber) value).doubleValue();
                        case CHOICE -> ((JsonString) value).getString();
                    });
        }
        return EffectOptions.of(values);
    }

    public Output process(I420Image input, long timestampMicros) {
        I420Frame in = input.toNativeFrame();
        I420Frame out = I420Frame.allocate(input.width(), input.height());
        processor.process(in, out, timestampMicros);
        return new Output(I420Image.of(out), processor.details());
    }

    @Override
    public void close() {
        processor.close();
    }
}
