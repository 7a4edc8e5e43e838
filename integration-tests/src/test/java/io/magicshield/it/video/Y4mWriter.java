package io.magicshield.it.video;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes frames as a YUV4MPEG2 file, the format Chromium's fake camera plays
 * ({@code --use-file-for-fake-video-capture}): a header line, then {@code FRAME} and the I420 planes per frame.
 * C420jpeg is the 4:2:0 siting Chromium expects; I420Image's chroma is the 2x2 average, which is that siting.
 */
public final class Y4mWriter {

    private Y4mWriter() {}

    public static void write(Path file, int fps, List<I420Image> frames) throws IOException {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("no frames");
        }
        int width = frames.get(0).width();
        int height = frames.get(0).height();
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(("YUV4MPEG2 W" + width + " H" + height + " F" + fps + ":1 Ip A1:1 C420jpeg\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] frameHeader = "FRAME\n".getBytes(StandardCharsets.US_ASCII);
            for (I420Image frame : frames) {
                if (frame.width() != width || frame.height() != height) {
                    throw new IllegalArgumentException("frames differ in size: " + frame.width() + "x" + frame.height()
                            + " after " + width + "x" + height);
                }
                out.write(frameHeader);
                out.write(frame.yPlane());
                out.write(frame.uPlane());
                out.write(frame.vPlane());
            }
        }
    }
}
