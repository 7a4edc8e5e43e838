package io.magicshield.core;

/**
 * Run in a child JVM by {@link ShieldProcessorTest}, because the bug it probes crashes the JVM: an I420Frame's
 * planes are checked when the frame is made, but a ByteBuffer's position can move afterwards (frames are reused,
 * buffers are shared with webrtc). If process() trusts the old check, the native side reads or writes past the
 * end of the buffer. Exit 0: process() refused with IllegalArgumentException; 3: it accepted the frame; 4: another
 * exception; a signal: the JVM crashed.
 */
final class StalePlanesMain {
    private StalePlanesMain() {}

    public static void main(String[] args) {
        // Large planes, so reading or writing past their end leaves mapped memory at once.
        int w = 4096, h = 4096;
        I420Frame in = I420Frame.allocate(w, h);
        I420Frame out = I420Frame.allocate(w, h);
        I420Frame moved = "output".equals(args[0]) ? out : in;
        moved.y().position(moved.y().limit());
        try (ShieldProcessor processor = NativeCore.instance().newProcessor(EffectOptions.defaults())) {
            processor.process(in, out, 0);
            System.out.println("accepted an " + args[0] + " plane whose position moved past its checked size");
            System.exit(3);
        } catch (IllegalArgumentException e) {
            System.out.println("refused: " + e.getMessage());
            System.exit(0);
        } catch (RuntimeException e) {
            System.out.println("unexpected: " + e);
            System.exit(4);
        }
    }
}
