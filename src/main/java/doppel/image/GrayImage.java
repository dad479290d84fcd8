package doppel.image;

/**
 * An 8-bit grey image, row-major, one byte per pixel.
 *
 * @param width  width in pixels
 * @param height height in pixels
 * @param gray   {@code width * height} bytes
 */
public record GrayImage(int width, int height, byte[] gray) {
    public GrayImage {
        if (width <= 0 || height <= 0 || gray.length != width * height) {
            throw new IllegalArgumentException("bad grey image " + width + "x" + height + " with " + gray.length + " bytes");
        }
    }

    /** Pixel (x, y), 0..255. */
    public int sample(int x, int y) {
        return gray[y * width + x] & 0xFF;
    }
}
