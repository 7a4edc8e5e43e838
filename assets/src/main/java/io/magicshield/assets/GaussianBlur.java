package io.magicshield.assets;

/** Separable Gaussian blur of a single-channel float image; pixels outside the image count as 0. */
final class GaussianBlur {

    private GaussianBlur() {}

    static float[] blur(float[] image, int width, int height, double sigma) {
        float[] kernel = kernel(sigma);
        float[] rows = new float[image.length];
        float[] result = new float[image.length];
        convolve(image, rows, width, height, kernel, 1, width);
        convolve(rows, result, height, width, kernel, width, 1);
        return result;
    }

    /**
     * Convolves every line of {@code lineCount} lines of {@code length} pixels; {@code step} is the distance
     * between neighbours within a line, {@code lineStride} the distance between line starts.
     */
    private static void convolve(
            float[] source, float[] target, int length, int lineCount, float[] kernel, int step, int lineStride) {
        int radius = kernel.length / 2;
        for (int line = 0; line < lineCount; line++) {
            int start = line * lineStride;
            for (int i = 0; i < length; i++) {
                float sum = 0;
                for (int k = Math.max(-radius, -i); k <= Math.min(radius, length - 1 - i); k++) {
                    sum += kernel[k + radius] * source[start + (i + k) * step];
                }
                target[start + i * step] = sum;
            }
        }
    }

    /** Normalised kernel cut at 3 sigma, so glow ends a known distance from the strokes. */
    private static float[] kernel(double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        float[] kernel = new float[2 * radius + 1];
        double total = 0;
        for (int i = -radius; i <= radius; i++) {
            total += Math.exp(-i * i / (2 * sigma * sigma));
        }
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = (float) (Math.exp(-i * i / (2 * sigma * sigma)) / total);
        }
        return kernel;
    }
}
