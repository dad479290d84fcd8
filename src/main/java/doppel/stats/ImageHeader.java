package doppel.stats;

/**
 * What an image file's header says, read without decoding any pixel.
 *
 * @param width  width in pixels
 * @param height height in pixels
 * @param format lower-case format name of the ImageIO reader that understood the file ({@code jpeg},
 *               {@code png}, {@code webp}, {@code tiff}, {@code bmp}, ...)
 */
public record ImageHeader(int width, int height, String format) {
    /** Pixels in the image, as a long so that huge headers do not overflow. */
    public long pixels() {
        return (long) width * height;
    }
}
