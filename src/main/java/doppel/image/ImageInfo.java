package doppel.image;

/**
 * What the header of an image file says, read without decoding any pixels.
 *
 * @param format upper-case format name found by content: JPEG, PNG, GIF, BMP, WEBP, TIFF, or the name of the
 *               ImageIO reader that recognised the file
 * @param width  width in pixels as stored (EXIF orientation is not applied)
 * @param height height in pixels as stored
 */
public record ImageInfo(String format, int width, int height) {
    /** Number of pixels, as a long so that bombs do not overflow. */
    public long pixels() {
        return (long) width * height;
    }

    /** True for JPEG, the only format with reduced-size (DCT-domain) decoding. */
    public boolean isJpeg() {
        return "JPEG".equals(format);
    }
}
