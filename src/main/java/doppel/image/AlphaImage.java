package doppel.image;

/**
 * An 8-bit RGB image with the alpha channel its file had, for compositing.
 *
 * @param rgb   the colours as stored (alpha dropped, as {@link RgbImage} always is)
 * @param alpha one byte per pixel, or null when the file has no alpha channel
 */
record AlphaImage(RgbImage rgb, byte[] alpha) {
    AlphaImage {
        if (alpha != null && alpha.length != rgb.width() * rgb.height()) {
            throw new IllegalArgumentException("alpha of " + alpha.length + " bytes for a " + rgb.width() + "x"
                    + rgb.height() + " image");
        }
    }

    /** Whether some pixel is not fully opaque. */
    boolean transparent() {
        if (alpha == null) {
            return false;
        }
        for (byte a : alpha) {
            if (a != (byte) 255) {
                return true;
            }
        }
        return false;
    }

    /** The image over an opaque white background: each channel {@code c * a + 255 * (1 - a)}, rounded. */
    RgbImage overWhite() {
        byte[] in = rgb.rgb();
        byte[] out = new byte[in.length];
        for (int i = 0, o = 0; i < alpha.length; i++, o += 3) {
            int a = alpha[i] & 0xFF;
            for (int c = 0; c < 3; c++) {
                out[o + c] = (byte) (((in[o + c] & 0xFF) * a + 255 * (255 - a) + 127) / 255);
            }
        }
        return new RgbImage(rgb.width(), rgb.height(), out);
    }
}
