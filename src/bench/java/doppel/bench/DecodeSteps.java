package doppel.bench;

import doppel.encode.BitHash;
import doppel.encode.hash.PerceptualHash;
import doppel.image.GrayImage;
import doppel.image.ImageException;
import doppel.image.ImageInfo;
import doppel.image.ImageLoader;
import doppel.image.PilLanczos;
import doppel.image.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How far each decode moves the hash input (the resized grey image a perceptual hash is computed from) against
 * imagededup's pipeline, and which of the fast decode's three differences does it. For every image under FOLDER
 * and each hash, the hash input is made by:
 * <ul>
 *   <li>{@code compat}: imagededup's pipeline: full RGB decode, Lanczos on RGB (each channel clipped, 8-bit
 *       intermediate), then PIL's 'L'</li>
 *   <li>{@code fast}: today's fast decode: JPEG luma decoded in the DCT domain keeping 1.5-2x the input, Lanczos on
 *       grey</li>
 *   <li>{@code rc-fast}, {@code rc2}, {@code rc4}: "reduced colour": colour decoded in the DCT domain keeping
 *       1.5-2x, 2x, 4x the input, then imagededup's order (Lanczos on RGB, then 'L')</li>
 *   <li>{@code L-first}: full RGB decode, 'L', then Lanczos on grey (only the order differs from compat)</li>
 *   <li>{@code luma-full}: JPEG luma at full size, Lanczos on grey (only Y for L differs from L-first)</li>
 * </ul>
 * Printed per variant against {@code compat}: the per-image largest |grey difference| of the input (median, p99,
 * max, worst image) and the bits apart of each hash (mean / max); then the same grey distribution for each single
 * step (pairs of variants that differ by one step); then, with {@code --time}, decode+resize+hash ms per image of
 * the variants named.
 *
 * <pre>java -cp ... doppel.bench.DecodeSteps FOLDER [HASHES=phash,dhash,ahash,whash] [--time fast,rc2,rc4]</pre>
 */
public final class DecodeSteps {
    private DecodeSteps() {
    }

    /** Makes the hash input of one image for a target size from a per-image decode cache. */
    private interface Variant {
        GrayImage input(Decodes d, int tw, int th) throws ImageException;
    }

    /** One image's decodes, each made once and shared by the variants and hashes that need it. */
    private static final class Decodes {
        final ImageLoader loader;
        final byte[] data;
        final ImageInfo info;
        final Map<String, Object> cache = new HashMap<>();

        Decodes(ImageLoader loader, byte[] data) throws ImageException {
            this.loader = loader;
            this.data = data;
            this.info = loader.probe(data);
        }

        RgbImage rgb(int minSide) throws ImageException {
            String key = "rgb" + minSide;
            if (!cache.containsKey(key)) {
                cache.put(key, minSide <= 0 ? loader.decodeRgb(data, info) : loader.decodeRgbAtLeast(data, info, minSide));
            }
            return (RgbImage) cache.get(key);
        }

        GrayImage luma(int minW, int minH) throws ImageException {
            String key = "luma" + minW + "x" + minH;
            if (!cache.containsKey(key)) {
                cache.put(key, loader.decodeGrayAtLeast(data, info, minW, minH));
            }
            return (GrayImage) cache.get(key);
        }
    }

    static Map<String, Variant> variants() {
        Map<String, Variant> v = new LinkedHashMap<>();
        v.put("compat", (d, tw, th) -> PilLanczos.toGray(PilLanczos.resize(d.rgb(0), tw, th)));
        v.put("fast", (d, tw, th) -> PilLanczos.resize(d.luma(side(tw), side(th)), tw, th));
        v.put("rc-fast", (d, tw, th) -> PilLanczos.toGray(PilLanczos.resize(d.rgb(Math.max(side(tw), side(th))), tw, th)));
        v.put("rc2", (d, tw, th) -> PilLanczos.toGray(PilLanczos.resize(d.rgb(2 * Math.max(tw, th)), tw, th)));
        v.put("rc4", (d, tw, th) -> PilLanczos.toGray(PilLanczos.resize(d.rgb(4 * Math.max(tw, th)), tw, th)));
        v.put("fast-box", (d, tw, th) -> {
            GrayImage g = d.luma(side(tw), side(th));
            return PilLanczos.resize(g, box(d.info, g.width(), g.height()), tw, th);
        });
        v.put("rc2-box", (d, tw, th) -> rcBox(d.rgb(2 * Math.max(tw, th)), d.info, tw, th));
        v.put("rc4-box", (d, tw, th) -> rcBox(d.rgb(4 * Math.max(tw, th)), d.info, tw, th));
        v.put("luma4-box", (d, tw, th) -> {
            GrayImage g = d.luma(4 * tw, 4 * th);
            return PilLanczos.resize(g, box(d.info, g.width(), g.height()), tw, th);
        });
        v.put("L-first", (d, tw, th) -> PilLanczos.resize(PilLanczos.toGray(d.rgb(0)), tw, th));
        v.put("luma-full", (d, tw, th) -> PilLanczos.resize(d.luma(d.info.width(), d.info.height()), tw, th));
        return v;
    }

    private static GrayImage rcBox(RgbImage rgb, ImageInfo info, int tw, int th) {
        return PilLanczos.toGray(PilLanczos.resize(rgb, box(info, rgb.width(), rgb.height()), tw, th));
    }

    /** The part of a DCT-reduced decode that the picture covers: (0, 0, W/k, H/k) for the k that gave this size. */
    static PilLanczos.Box box(ImageInfo info, int w, int h) {
        for (int k = 8; k >= 1; k /= 2) {
            if ((info.width() + k - 1) / k == w && (info.height() + k - 1) / k == h) {
                return new PilLanczos.Box(0, 0, info.width() / (double) k, info.height() / (double) k);
            }
        }
        return PilLanczos.Box.whole(w, h);
    }

    /** Pairs of variants that differ by one step, and the step's name. */
    private static final String[][] STEPS = {
        {"L-first", "compat", "resize order: Lanczos on grey after 'L' vs on RGB before (clipping per channel)"},
        {"luma-full", "L-first", "JPEG luma (Y) vs PIL 'L' of the decoded RGB, both full size"},
        {"fast", "luma-full", "DCT-domain reduction of the luma (1.5-2x)"},
        {"rc-fast", "compat", "DCT-domain reduction of the colour (1.5-2x), imagededup's order"},
        {"rc2", "compat", "DCT-domain reduction of the colour (>=2x), imagededup's order"},
        {"rc4", "compat", "DCT-domain reduction of the colour (>=4x), imagededup's order"},
        {"fast", "compat", "all three (today's fast decode)"},
        {"fast-box", "compat", "fast with the reduced decode's box (W/k, H/k)"},
        {"rc2-box", "compat", "colour at >=2x, box, imagededup's order"},
        {"rc4-box", "compat", "colour at >=4x, box, imagededup's order"},
        {"luma4-box", "luma-full", "luma at >=4x with its box vs full luma"},
    };

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args[0]);
        List<String> hashNames = List.of((args.length > 1 && !args[1].startsWith("--") ? args[1] : "phash,dhash,ahash,whash").split(","));
        List<String> timed = new ArrayList<>();
        for (int i = 1; i < args.length - 1; i++) {
            if (args[i].equals("--time")) {
                timed.addAll(List.of(args[i + 1].split(",")));
            }
        }
        ImageLoader loader = new ImageLoader();
        List<Path> paths;
        try (Stream<Path> s = Files.walk(folder)) {
            paths = s.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".json")).sorted().toList();
        }
        Map<String, Variant> variants = variants();
        List<PerceptualHash> hashes = hashNames.stream().map(h -> PerceptualHash.of(h, "8")).toList();
        // inputs[hash][variant][image]
        Map<String, Map<String, GrayImage[]>> inputs = new LinkedHashMap<>();
        for (PerceptualHash h : hashes) {
            Map<String, GrayImage[]> m = new LinkedHashMap<>();
            variants.keySet().forEach(v -> m.put(v, new GrayImage[paths.size()]));
            inputs.put(h.name(), m);
        }
        for (int k = 0; k < paths.size(); k++) {
            Decodes d;
            try {
                d = new Decodes(loader, Files.readAllBytes(paths.get(k)));
                for (PerceptualHash h : hashes) {
                    for (var v : variants.entrySet()) {
                        inputs.get(h.name()).get(v.getKey())[k] = v.getValue().input(d, h.targetWidth(), h.targetHeight());
                    }
                }
            } catch (ImageException e) {
                System.out.printf("  skipped %s: %s%n", folder.relativize(paths.get(k)), e.getMessage());
            }
        }
        System.out.printf("%d images under %s; hash input = the resized grey image each hash is computed from%n",
                paths.size(), folder);
        for (PerceptualHash h : hashes) {
            Map<String, GrayImage[]> in = inputs.get(h.name());
            System.out.printf("%n%s (input %dx%d): variant vs compat, per-image max |grey diff| p50 / p99 / max (worst image);"
                    + " bits apart mean / max%n", h.name(), h.targetWidth(), h.targetHeight());
            for (String v : variants.keySet()) {
                if (v.equals("compat")) {
                    continue;
                }
                double[] bits = bitsApart(h, in.get(v), in.get("compat"));
                System.out.printf("  %-10s %s   bits %.3f / %.0f%n", v, greyLine(in.get(v), in.get("compat"), paths, folder),
                        bits[0], bits[1]);
            }
            System.out.println("  single steps (per-image max |grey diff| p50 / p99 / max):");
            for (String[] s : STEPS) {
                System.out.printf("    %-9s vs %-8s %s  %s%n", s[0], s[1], greyLine(in.get(s[0]), in.get(s[1]), paths, folder), s[2]);
            }
        }
        for (PerceptualHash h : hashes) {
            for (String v : timed) {
                Variant var = variants.get(v);
                long t0 = System.nanoTime();
                int n = 0;
                for (Path p : paths) {
                    try {
                        Decodes d = new Decodes(loader, Files.readAllBytes(p));
                        h.hash(var.input(d, h.targetWidth(), h.targetHeight()));
                        n++;
                    } catch (ImageException e) {
                        // skipped above
                    }
                }
                System.out.printf("time %s %-9s %.1f ms/img (%d images)%n", h.name(), v, (System.nanoTime() - t0) / 1e6 / n, n);
            }
        }
    }

    private static double[] bitsApart(PerceptualHash h, GrayImage[] a, GrayImage[] b) {
        long sum = 0;
        int max = 0;
        int n = 0;
        for (int k = 0; k < a.length; k++) {
            if (a[k] != null && b[k] != null) {
                BitHash ha = h.hash(a[k]);
                int dist = ha.distance(h.hash(b[k]));
                sum += dist;
                max = Math.max(max, dist);
                n++;
            }
        }
        return new double[] {sum / (double) n, max};
    }

    private static String greyLine(GrayImage[] a, GrayImage[] b, List<Path> paths, Path folder) {
        List<int[]> perImage = new ArrayList<>();
        for (int k = 0; k < a.length; k++) {
            if (a[k] != null && b[k] != null) {
                perImage.add(new int[] {maxDiff(a[k], b[k]), k});
            }
        }
        perImage.sort((x, y) -> Integer.compare(x[0], y[0]));
        int[] v = perImage.stream().mapToInt(x -> x[0]).toArray();
        int[] worst = perImage.get(perImage.size() - 1);
        return String.format("%3d / %3d / %3d (%s)", v[(v.length - 1) / 2], v[(int) Math.round(0.99 * (v.length - 1))],
                worst[0], folder.relativize(paths.get(worst[1])));
    }

    static int maxDiff(GrayImage a, GrayImage b) {
        int m = 0;
        for (int i = 0; i < a.gray().length; i++) {
            m = Math.max(m, Math.abs((a.gray()[i] & 0xFF) - (b.gray()[i] & 0xFF)));
        }
        return m;
    }

    /** The default fast decode's rule ({@code HashEncoder.fastDecodeSide}). */
    private static int side(int target) {
        return target < 32 ? 2 * target : (target * 3 + 1) / 2;
    }
}
