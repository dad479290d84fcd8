package doppel.encode.cnn;

import doppel.image.RgbImage;

/**
 * Turns a decoded image into the network input of a {@link ModelSpec}: resize (antialiased bilinear,
 * i.e. a triangle filter widened by the downscale factor, like PIL's BILINEAR), optional centre crop,
 * scaling and per-channel normalisation, laid out as CHW floats. Stateless and thread-safe.
 */
public final class Preprocessor {
    private final ModelSpec spec;

    public Preprocessor(ModelSpec spec) {
        this.spec = spec;
    }

    /** The smallest short side worth decoding: below it the resize would have to upscale. */
    public int minDecodeSide() {
        return ModelSpec.RESIZE_EXACT.equals(spec.resize())
                ? Math.max(spec.inputWidth(), spec.inputHeight()) : spec.resizeShortSide();
    }

    /** The network input for one image: {@code 3 * inputHeight * inputWidth} floats, channel-major. */
    public float[] toChw(RgbImage img) {
        int outW = spec.inputWidth();
        int outH = spec.inputHeight();
        double scaledW;
        double scaledH;
        if (ModelSpec.RESIZE_EXACT.equals(spec.resize())) {
            scaledW = outW;
            scaledH = outH;
        } else {
            double s = (double) spec.resizeShortSide() / Math.min(img.width(), img.height());
            scaledW = img.width() * s;
            scaledH = img.height() * s;
        }
        Taps tx = Taps.of(img.width(), scaledW, (scaledW - outW) / 2, outW);
        Taps ty = Taps.of(img.height(), scaledH, (scaledH - outH) / 2, outH);
        float[] rows = horizontal(img, tx, ty);
        return vertical(rows, tx.count(), ty, outH);
    }

    /** Horizontal pass over the source rows the vertical pass will read: (srcRows, outW, 3) floats. */
    private static float[] horizontal(RgbImage img, Taps tx, Taps ty) {
        int firstRow = ty.first();
        int lastRow = ty.last();
        int outW = tx.count();
        float[] out = new float[(lastRow - firstRow + 1) * outW * 3];
        byte[] rgb = img.rgb();
        int w = img.width();
        for (int y = firstRow; y <= lastRow; y++) {
            int rowBase = y * w * 3;
            int o = (y - firstRow) * outW * 3;
            for (int x = 0; x < outW; x++) {
                float r = 0;
                float g = 0;
                float b = 0;
                int start = tx.start[x];
                int base = x * tx.width;
                for (int k = 0; k < tx.size[x]; k++) {
                    float wt = tx.weight[base + k];
                    int p = rowBase + (start + k) * 3;
                    r += wt * (rgb[p] & 0xFF);
                    g += wt * (rgb[p + 1] & 0xFF);
                    b += wt * (rgb[p + 2] & 0xFF);
                }
                out[o++] = r;
                out[o++] = g;
                out[o++] = b;
            }
        }
        return out;
    }

    private float[] vertical(float[] rows, int outW, Taps ty, int outH) {
        boolean bgr = "BGR".equals(spec.channelOrder());
        float scale = "0..255".equals(spec.inputRange()) ? 1f : 1f / 255f;
        float[] mean = spec.mean();
        float[] std = spec.std();
        int plane = outW * outH;
        float[] chw = new float[3 * plane];
        int firstRow = ty.first();
        for (int y = 0; y < outH; y++) {
            int base = y * ty.width;
            for (int x = 0; x < outW; x++) {
                float r = 0;
                float g = 0;
                float b = 0;
                for (int k = 0; k < ty.size[y]; k++) {
                    float wt = ty.weight[base + k];
                    int p = ((ty.start[y] + k - firstRow) * outW + x) * 3;
                    r += wt * rows[p];
                    g += wt * rows[p + 1];
                    b += wt * rows[p + 2];
                }
                int o = y * outW + x;
                float first = bgr ? b : r;
                float third = bgr ? r : b;
                chw[o] = (clamp(first) * scale - mean[0]) / std[0];
                chw[plane + o] = (clamp(g) * scale - mean[1]) / std[1];
                chw[2 * plane + o] = (clamp(third) * scale - mean[2]) / std[2];
            }
        }
        return chw;
    }

    private static float clamp(float v) {
        return Math.min(255f, Math.max(0f, v));
    }

    /**
     * Filter taps of one axis: output pixel i covers source pixels start[i] .. start[i]+size[i]-1 with
     * normalised weights weight[i*width ..].
     */
    private record Taps(int[] start, int[] size, float[] weight, int width) {
        /**
         * @param srcLen    source length in pixels
         * @param scaledLen length of the whole resized image (may be fractional before the crop)
         * @param offset    crop offset in resized pixels
         * @param outLen    output length
         */
        static Taps of(int srcLen, double scaledLen, double offset, int outLen) {
            double step = srcLen / scaledLen;
            double support = Math.max(1.0, step);
            int width = (int) Math.ceil(support) * 2 + 3;
            int[] start = new int[outLen];
            int[] size = new int[outLen];
            float[] weight = new float[outLen * width];
            for (int i = 0; i < outLen; i++) {
                double centre = (i + offset + 0.5) * step;
                int lo = Math.max(0, (int) Math.floor(centre - support));
                int hi = Math.min(srcLen - 1, (int) Math.ceil(centre + support));
                double sum = 0;
                int n = 0;
                double[] w = new double[hi - lo + 1];
                for (int j = lo; j <= hi; j++) {
                    double d = Math.abs(j + 0.5 - centre) / support;
                    w[j - lo] = Math.max(0, 1 - d);
                    sum += w[j - lo];
                }
                // drop zero-weight taps at both ends so the loops stay tight
                int a = 0;
                int b = w.length - 1;
                while (a < b && w[a] == 0) {
                    a++;
                }
                while (b > a && w[b] == 0) {
                    b--;
                }
                start[i] = lo + a;
                for (int j = a; j <= b; j++) {
                    weight[i * width + n++] = (float) (sum > 0 ? w[j] / sum : 1.0 / (b - a + 1));
                }
                size[i] = n;
            }
            return new Taps(start, size, weight, width);
        }

        int count() {
            return start.length;
        }

        int first() {
            return start[0];
        }

        int last() {
            int m = 0;
            for (int i = 0; i < start.length; i++) {
                m = Math.max(m, start[i] + size[i] - 1);
            }
            return m;
        }
    }
}
