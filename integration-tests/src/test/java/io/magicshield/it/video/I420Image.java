package io.magicshield.it.video;

import io.magicshield.core.I420Frame;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;

/**
 * A frame as three tightly packed planes on the Java heap (chroma at half resolution, rounded up), with the colour
 * conversions of the native core's CLI (BT.601, limited range), so that the test builds the same I420 bytes the
 * native tests use and reads pixels back the way they do.
 */
public final class I420Image {

    private final int width;
    private final int height;
    private final byte[] y;
    private final byte[] u;
    private final byte[] v;

    public I420Image(int width, int height, byte[] y, byte[] u, byte[] v) {
        if (y.length != width * height
                || u.length != chromaWidth(width) * chromaHeight(height)
                || v.length != u.length) {
            throw new IllegalArgumentException("planes do not fit " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.y = y;
        this.u = u;
        this.v = v;
    }

    public static I420Image blank(int width, int height) {
        int chroma = chromaWidth(width) * chromaHeight(height);
        return new I420Image(width, height, new byte[width * height], new byte[chroma], new byte[chroma]);
    }

    public static int chromaWidth(int width) {
        return (width + 1) / 2;
    }

    public static int chromaHeight(int height) {
        return (height + 1) / 2;
    }

    /** RGB to I420; chroma is the average of each 2x2 block. */
    public static I420Image fromRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        I420Image out = blank(w, h);
        for (int i = 0; i < w * h; i++) {
            int r = (rgb[i] >> 16) & 0xff, g = (rgb[i] >> 8) & 0xff, b = rgb[i] & 0xff;
            out.y[i] = clamp(16f + 0.2568f * r + 0.5041f * g + 0.0979f * b);
        }
        int cw = chromaWidth(w);
        for (int cy = 0; cy < chromaHeight(h); cy++) {
            for (int cx = 0; cx < cw; cx++) {
                float r = 0, g = 0, b = 0;
                int n = 0;
                for (int yy = 2 * cy; yy < Math.min(h, 2 * cy + 2); yy++) {
                    for (int xx = 2 * cx; xx < Math.min(w, 2 * cx + 2); xx++) {
                        int p = rgb[yy * w + xx];
                        r += (p >> 16) & 0xff;
                        g += (p >> 8) & 0xff;
                        b += p & 0xff;
                        n++;
                    }
                }
                r /= n;
                g /= n;
                b /= n;
                out.u[cy * cw + cx] = clamp(128f - 0.1482f * r - 0.2910f * g + 0.4392f * b);
                out.v[cy * cw + cx] = clamp(128f + 0.4392f * r - 0.3678f * g - 0.0714f * b);
            }
        }
        return out;
    }

    /** Copies planes that have strides (a decoder's buffer, a native frame), reading from index 0. */
    public static I420Image copyOf(
            int width, int height, ByteBuffer y, int strideY, ByteBuffer u, int strideU, ByteBuffer v, int strideV) {
        I420Image out = blank(width, height);
        copyPlane(y, strideY, out.y, width, height);
        copyPlane(u, strideU, out.u, chromaWidth(width), chromaHeight(height));
        copyPlane(v, strideV, out.v, chromaWidth(width), chromaHeight(height));
        return out;
    }

    private static void copyPlane(ByteBuffer from, int stride, byte[] to, int w, int h) {
        for (int row = 0; row < h; row++) {
            from.get(row * stride, to, row * w, w);
        }
    }

    /** Writes the planes into buffers with strides (a frame to send), from index 0. */
    public void copyTo(ByteBuffer y, int strideY, ByteBuffer u, int strideU, ByteBuffer v, int strideV) {
        pastePlane(this.y, width, height, y, strideY);
        pastePlane(this.u, chromaWidth(width), chromaHeight(height), u, strideU);
        pastePlane(this.v, chromaWidth(width), chromaHeight(height), v, strideV);
    }

    private static void pastePlane(byte[] from, int w, int h, ByteBuffer to, int stride) {
        for (int row = 0; row < h; row++) {
            to.put(row * stride, from, row * w, w);
        }
    }

    /** A copy in direct memory, as the native core takes it. */
    public I420Frame toNativeFrame() {
        I420Frame frame = I420Frame.allocate(width, height);
        copyTo(frame.y(), frame.strideY(), frame.u(), frame.strideU(), frame.v(), frame.strideV());
        return frame;
    }

    public static I420Image of(I420Frame frame) {
        return copyOf(
                frame.width(),
                frame.height(),
                frame.y(),
                frame.strideY(),
                frame.u(),
                frame.strideU(),
                frame.v(),
                frame.strideV());
    }

    public I420Image copy() {
        return new I420Image(width, height, y.clone(), u.clone(), v.clone());
    }

    /** Left and right swapped, plane by plane, as the effect's selfie view does. */
    public I420Image mirrored() {
        I420Image out = blank(width, height);
        mirrorPlane(y, out.y, width, height);
        mirrorPlane(u, out.u, chromaWidth(width), chromaHeight(height));
        mirrorPlane(v, out.v, chromaWidth(width), chromaHeight(height));
        return out;
    }

    private static void mirrorPlane(byte[] from, byte[] to, int w, int h) {
        for (int row = 0; row < h; row++) {
            for (int x = 0; x < w; x++) {
                to[row * w + x] = from[row * w + w - 1 - x];
            }
        }
    }

    /**
     * {@code (1 - t) * this + t * other}, plane by plane: an in-between picture, as a camera filming the motion
     * between two frames of a slower clip would have taken it.
     */
    public I420Image blend(I420Image other, double t) {
        if (other.width != width || other.height != height) {
            throw new IllegalArgumentException(
                    "cannot blend " + width + "x" + height + " with " + other.width + "x" + other.height);
        }
        I420Image out = blank(width, height);
        blendPlane(y, other.y, out.y, t);
        blendPlane(u, other.u, out.u, t);
        blendPlane(v, other.v, out.v, t);
        return out;
    }

    private static void blendPlane(byte[] a, byte[] b, byte[] to, double t) {
        for (int i = 0; i < to.length; i++) {
            to[i] = clamp((float) ((a[i] & 0xff) * (1 - t) + (b[i] & 0xff) * t));
        }
    }

    /** Bilinear resize of each plane: received frames may come back smaller when WebRTC adapts the resolution. */
    public I420Image scaledTo(int newWidth, int newHeight) {
        if (newWidth == width && newHeight == height) {
            return this;
        }
        I420Image out = blank(newWidth, newHeight);
        scalePlane(y, width, height, out.y, newWidth, newHeight);
        scalePlane(u, chromaWidth(width), chromaHeight(height), out.u, chromaWidth(newWidth), chromaHeight(newHeight));
        scalePlane(v, chromaWidth(width), chromaHeight(height), out.v, chromaWidth(newWidth), chromaHeight(newHeight));
        return out;
    }

    private static void scalePlane(byte[] from, int w, int h, byte[] to, int nw, int nh) {
        for (int ty = 0; ty < nh; ty++) {
            double sy = Math.max(0, Math.min(h - 1, (ty + 0.5) * h / nh - 0.5));
            int y0 = (int) sy, y1 = Math.min(h - 1, y0 + 1);
            double fy = sy - y0;
            for (int tx = 0; tx < nw; tx++) {
                double sx = Math.max(0, Math.min(w - 1, (tx + 0.5) * w / nw - 0.5));
                int x0 = (int) sx, x1 = Math.min(w - 1, x0 + 1);
                double fx = sx - x0;
                double top = (from[y0 * w + x0] & 0xff) * (1 - fx) + (from[y0 * w + x1] & 0xff) * fx;
                double bottom = (from[y1 * w + x0] & 0xff) * (1 - fx) + (from[y1 * w + x1] & 0xff) * fx;
                to[ty * nw + tx] = clamp((float) (top * (1 - fy) + bottom * fy));
            }
        }
    }

    /** The pixel at (x, y) as packed 0xRRGGBB. */
    public int rgb(int x, int yy) {
        float luma = ((y[yy * width + x] & 0xff) - 16f) * 1.1644f;
        int c = (yy / 2) * chromaWidth(width) + x / 2;
        float cu = (u[c] & 0xff) - 128f;
        float cv = (v[c] & 0xff) - 128f;
        int r = clamp(luma + 1.5960f * cv) & 0xff;
        int g = clamp(luma - 0.3918f * cu - 0.8130f * cv) & 0xff;
        int b = clamp(luma + 2.0172f * cu) & 0xff;
        return (r << 16) | (g << 8) | b;
    }

    public BufferedImage toRgb() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int yy = 0; yy < height; yy++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, yy, rgb(x, yy));
            }
        }
        return image;
    }

    /** Peak signal-to-noise ratio of the luma planes, in dB (infinite when equal). */
    public double lumaPsnr(I420Image other) {
        if (other.width != width || other.height != height) {
            throw new IllegalArgumentException(other.width + "x" + other.height + " vs " + width + "x" + height);
        }
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            int d = (y[i] & 0xff) - (other.y[i] & 0xff);
            sum += d * d;
        }
        double mse = sum / y.length;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int luma(int x, int yy) {
        return y[yy * width + x] & 0xff;
    }

    /** Writes a luma sample and the chroma sample covering it (chroma is shared by 2x2 pixels). */
    public void set(int x, int yy, int luma, int cb, int cr) {
        y[yy * width + x] = (byte) luma;
        int c = (yy / 2) * chromaWidth(width) + x / 2;
        u[c] = (byte) cb;
        v[c] = (byte) cr;
    }

    public byte[] yPlane() {
        return y;
    }

    public byte[] uPlane() {
        return u;
    }

    public byte[] vPlane() {
        return v;
    }

    private static byte clamp(float value) {
        return (byte) Math.round(Math.max(0f, Math.min(255f, value)));
    }
}
