package doppel.verify;

import doppel.image.GrayImage;

/**
 * The part of an image inside uniform borders: letterbox and pillarbox bars, mattes and frames added around a
 * photo. A bordered copy and its original have different global fingerprints; their content boxes do not.
 *
 * @param x      left edge of the content, in pixels
 * @param y      top edge
 * @param width  content width
 * @param height content height
 */
public record ContentBox(int x, int y, int width, int height) {
    /** A row or column is border when at least this share of its pixels lies within {@link #TOLERANCE} of the border value. */
    private static final double UNIFORM_SHARE = 0.98;
    /** Grey levels a border pixel may differ from the border's value (JPEG ringing and noise stay within this). */
    private static final int TOLERANCE = 14;
    /** A side is trimmed by at most this share of the image, so that a dark or flat photo is never trimmed away. */
    private static final double MAX_TRIM = 0.4;

    /** The content box of {@code img}; the whole image when it has no uniform border. */
    public static ContentBox of(GrayImage img) {
        int w = img.width();
        int h = img.height();
        int top = trim(img, true, 0, 1, h);
        int bottom = trim(img, true, h - 1, -1, h);
        int left = trim(img, false, 0, 1, w);
        int right = trim(img, false, w - 1, -1, w);
        return new ContentBox(left, top, w - left - right, h - top - bottom);
    }

    /** True when nothing was trimmed. */
    public boolean isWhole(GrayImage img) {
        return width == img.width() && height == img.height();
    }

    /** The pixels inside the box. */
    public GrayImage crop(GrayImage img) {
        byte[] out = new byte[width * height];
        for (int row = 0; row < height; row++) {
            System.arraycopy(img.gray(), (y + row) * img.width() + x, out, row * width, width);
        }
        return new GrayImage(width, height, out);
    }

    /** Number of uniform lines from {@code start} inward, all within {@link #TOLERANCE} of the outermost line's median. */
    private static int trim(GrayImage img, boolean rows, int start, int step, int extent) {
        int limit = (int) (extent * MAX_TRIM);
        int border = median(img, rows, start);
        int n = 0;
        for (int line = start; n < limit && uniform(img, rows, line, border); line += step) {
            n++;
        }
        // one or two uniform lines are ordinary photo content (sky, a dark edge), not an added border
        return n >= Math.max(2, extent / 100) ? n : 0;
    }

    private static boolean uniform(GrayImage img, boolean rows, int line, int border) {
        int len = rows ? img.width() : img.height();
        int off = 0;
        for (int i = 0; i < len; i++) {
            int v = rows ? img.sample(i, line) : img.sample(line, i);
            if (Math.abs(v - border) > TOLERANCE) {
                off++;
            }
        }
        return off <= len * (1 - UNIFORM_SHARE);
    }

    private static int median(GrayImage img, boolean rows, int line) {
        int len = rows ? img.width() : img.height();
        int[] hist = new int[256];
        for (int i = 0; i < len; i++) {
            hist[rows ? img.sample(i, line) : img.sample(line, i)]++;
        }
        int seen = 0;
        for (int v = 0; v < 256; v++) {
            seen += hist[v];
            if (seen * 2 >= len) {
                return v;
            }
        }
        return 255;
    }
}
