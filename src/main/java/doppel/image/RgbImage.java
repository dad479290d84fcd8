package doppel.image;

/**
 * An 8-bit RGB image, row-major, three bytes per pixel (R, G, B). Alpha, when the file had it, is dropped
 * without compositing, the way PIL's {@code convert('RGBA').convert('RGB')} does (what imagededup does).
 *
 * @param width  width in pixels
 * @param height height in pixels
 * @param rgb    {@code width * height * 3} bytes
 */
public record RgbImage(int width, int height, byte[] rgb) {
    public RgbImage {
        if (width <= 0 || height <= 0 || rgb.length != width * height * 3) {
            throw new IllegalArgumentException("bad RGB image " + width + "x" + height + " with " + rgb.length + " bytes");
        }
    }

    /** Channel {@code c} (0 R, 1 G, 2 B) of pixel (x, y), 0..255. */
    public int sample(int x, int y, int c) {
        return rgb[(y * width + x) * 3 + c] & 0xFF;
    }
}
