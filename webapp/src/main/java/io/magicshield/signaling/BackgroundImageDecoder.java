package io.magicshield.signaling;

import io.magicshield.core.BackgroundPicture;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns an uploaded background picture into pixels, or refuses it with {@link ErrorCode#IMAGE_REFUSED} and the
 * reason. In order, so that each check costs little before the next costs more: the size, the type from the magic
 * bytes (PNG or JPEG only), the dimensions from the header (a small file that declares a huge picture is refused
 * before anything is allocated for it), then the decoding itself, in Java (ImageIO), so that untrusted bytes never
 * reach native code; a decoder warning (a truncated or corrupt file) refuses the picture too.
 */
public final class BackgroundImageDecoder {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};

    private final BackgroundImageLimits limits;

    public BackgroundImageDecoder(BackgroundImageLimits limits) {
        this.limits = limits;
    }

    public BackgroundImageLimits limits() {
        return limits;
    }

    /** The refusal of an upload over the byte limit, also for one whose bytes were not kept. */
    ProtocolException tooLarge(long bytes) {
        return refused("the file is " + bytes + " bytes; at most " + limits.maxBytes() + " are accepted");
    }

    /**
     * The cheap checks, size and type, which any binary message gets whatever the socket's state.
     *
     * @return the ImageIO format name: {@code png} or {@code jpeg}
     */
    public String checkType(byte[] file) throws ProtocolException {
        if (file.length > limits.maxBytes()) {
            throw tooLarge(file.length);
        }
        if (startsWith(file, PNG)) {
            return "png";
        } else if (startsWith(file, JPEG)) {
            return "jpeg";
        }
        throw refused("the file is not a PNG or JPEG picture");
    }

    public BackgroundPicture decode(byte[] file) throws ProtocolException {
        String format = checkType(file);
        ImageReader reader = reader(format);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(file))) {
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            checkSize(width, height);
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            BufferedImage image = reader.read(0);
            if (!warnings.isEmpty()) {
                throw refused("the " + format.toUpperCase() + " file is damaged: " + warnings.get(0));
            }
            return toBgr(image);
        } catch (IOException | RuntimeException e) {
            // ImageIO reports bad data as IIOException and, for some corruptions, as unchecked exceptions
            throw refused("the " + format.toUpperCase() + " file cannot be decoded: " + e.getMessage());
        } finally {
            reader.dispose();
        }
    }

    private void checkSize(int width, int height) throws ProtocolException {
        String size = width + "x" + height;
        if (width < BackgroundImageLimits.MIN_SIDE || height < BackgroundImageLimits.MIN_SIDE) {
            throw refused("the picture is " + size + "; at least " + BackgroundImageLimits.MIN_SIDE
                    + " pixels a side are needed");
        }
        if (width > BackgroundImageLimits.MAX_SIDE
                || height > BackgroundImageLimits.MAX_SIDE
                || (long) width * height > limits.maxPixels()) {
            throw refused("the picture is " + size + "; at most " + limits.maxPixels() + " pixels and "
                    + BackgroundImageLimits.MAX_SIDE + " a side are accepted");
        }
    }

    private static ImageReader reader(String format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        if (!readers.hasNext()) {
            throw new IllegalStateException("this JDK has no ImageIO reader for " + format);
        }
        return readers.next();
    }

    /** Any ImageIO type to 8-bit BGR rows (transparency dropped: the picture is shown as it looks on black). */
    private static BackgroundPicture toBgr(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] bgr = new byte[3 * width * height];
        int[] row = new int[width];
        for (int y = 0, i = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int argb : row) {
                int alpha = argb >>> 24;
                bgr[i++] = (byte) ((argb & 0xff) * alpha / 255);
                bgr[i++] = (byte) (((argb >> 8) & 0xff) * alpha / 255);
                bgr[i++] = (byte) (((argb >> 16) & 0xff) * alpha / 255);
            }
        }
        return new BackgroundPicture(width, height, bgr);
    }

    private static boolean startsWith(byte[] file, byte[] magic) {
        return file.length >= magic.length && Arrays.equals(file, 0, magic.length, magic, 0, magic.length);
    }

    private static ProtocolException refused(String reason) {
        return new ProtocolException(ErrorCode.IMAGE_REFUSED, "background picture refused: " + reason);
    }
}
