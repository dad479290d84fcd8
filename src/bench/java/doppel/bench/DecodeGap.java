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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the fast decoding's hashes part from imagededup's: for every image under FOLDER, each perceptual hash is
 * computed imagededup's way (full RGB decode, Lanczos in RGB, then PIL's 'L') and by decodes that drop one step of
 * that pipeline at a time, and the bits each differs by are summarised with the decode+hash time per image:
 * <ul>
 *   <li>{@code fast}: the default (JPEG luma decoded in the DCT domain at 1/2..1/8 keeping 1.5-2x the target)</li>
 *   <li>{@code dct4x}: the same with at least 4x the target kept</li>
 *   <li>{@code rgb-dct}, {@code rgb-dct4x}: colour decoded in the DCT domain (1.5-2x, 4x), PIL's 'L', Lanczos on grey</li>
 *   <li>{@code fast-box}: fast, resizing the box the picture covers in the reduced decode ({@link DecodeSteps})</li>
 *   <li>{@code rc4-box}: colour decoded in the DCT domain keeping 4x, its box resized as RGB, then 'L'</li>
 *   <li>{@code luma-full}: JPEG luma at full size, Lanczos on grey (no DCT scaling)</li>
 *   <li>{@code rgb-L-first}: full RGB decode, PIL's 'L', then Lanczos on grey (only the order differs)</li>
 * </ul>
 *
 * Then, over every pair of images, for each threshold T: the pairs imagededup's hashes put within T, those a decode
 * misses at T, the margin M it needs (the largest of its distance minus T over imagededup's pairs), and the pairs
 * and images in (T, T+M] that a re-check with imagededup's decoding would hash again.
 *
 * <pre>java -cp ... doppel.bench.DecodeGap FOLDER [HASHES=phash,dhash,ahash,whash] [DECODES=compat,fast,dct4x,luma-full,rgb-L-first]</pre>
 */
public final class DecodeGap {
    private DecodeGap() {
    }

    private interface Decode {
        GrayImage small(byte[] data, ImageInfo info, int tw, int th) throws ImageException;
    }

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args[0]);
        List<String> hashes = List.of((args.length > 1 ? args[1] : "phash,dhash,ahash,whash").split(","));
        ImageLoader loader = new ImageLoader();
        List<byte[]> files = new ArrayList<>();
        List<Path> paths;
        try (Stream<Path> s = Files.walk(folder)) {
            paths = s.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".json")).sorted().toList();
        }
        for (Path p : paths) {
            files.add(Files.readAllBytes(p));
        }
        Map<String, Decode> decodes = new LinkedHashMap<>();
        decodes.put("compat", (d, i, tw, th) -> PilLanczos.toGray(PilLanczos.resize(loader.decodeRgb(d, i), tw, th)));
        decodes.put("fast", (d, i, tw, th) -> PilLanczos.resize(loader.decodeGrayAtLeast(d, i, side(tw), side(th)), tw, th));
        decodes.put("dct4x", (d, i, tw, th) -> PilLanczos.resize(loader.decodeGrayAtLeast(d, i, 4 * tw, 4 * th), tw, th));
        decodes.put("rgb-dct", (d, i, tw, th) -> PilLanczos.resize(PilLanczos.toGray(
                loader.decodeRgbAtLeast(d, i, Math.max(side(tw), side(th)))), tw, th));
        decodes.put("rgb-dct4x", (d, i, tw, th) -> PilLanczos.resize(PilLanczos.toGray(
                loader.decodeRgbAtLeast(d, i, 4 * Math.max(tw, th))), tw, th));
        decodes.put("fast-box", (d, i, tw, th) -> {
            ImageLoader.GrayDecode g = loader.decodeGrayCovering(d, i, side(tw), side(th));
            return PilLanczos.resize(g.image(), g.picture(), tw, th);
        });
        decodes.put("rc4-box", (d, i, tw, th) -> {
            RgbImage rgb = loader.decodeRgbAtLeast(d, i, 4 * Math.max(tw, th));
            return PilLanczos.toGray(PilLanczos.resize(rgb, DecodeSteps.box(i, rgb.width(), rgb.height()), tw, th));
        });
        decodes.put("luma-full", (d, i, tw, th) -> PilLanczos.resize(loader.decodeGrayAtLeast(d, i, i.width(), i.height()), tw, th));
        decodes.put("rgb-L-first", (d, i, tw, th) -> PilLanczos.resize(PilLanczos.toGray(loader.decodeRgb(d, i)), tw, th));
        if (args.length > 2) {
            decodes.keySet().retainAll(List.of(args[2].split(",")));
        }
        System.out.printf("%d images under %s%n", files.size(), folder);
        System.out.println("hash   decode       ms/img  images-differing  mean-bits  p99  max  histogram(0..8+)");
        for (String name : hashes) {
            PerceptualHash hash = PerceptualHash.of(name, "8");
            Map<String, List<BitHash>> out = new LinkedHashMap<>();
            Map<String, Double> ms = new LinkedHashMap<>();
            for (var e : decodes.entrySet()) {
                List<BitHash> list = new ArrayList<>();
                long t0 = System.nanoTime();
                for (byte[] data : files) {
                    try {
                        ImageInfo info = loader.probe(data);
                        list.add(hash.hash(e.getValue().small(data, info, hash.targetWidth(), hash.targetHeight())));
                    } catch (ImageException ex) {
                        list.add(null);
                    }
                }
                ms.put(e.getKey(), (System.nanoTime() - t0) / 1e6 / files.size());
                out.put(e.getKey(), list);
            }
            List<BitHash> ref = out.get("compat");
            for (var e : out.entrySet()) {
                int[] hist = new int[9];
                List<Integer> ds = new ArrayList<>();
                for (int k = 0; k < ref.size(); k++) {
                    if (ref.get(k) != null && e.getValue().get(k) != null) {
                        int d = ref.get(k).distance(e.getValue().get(k));
                        ds.add(d);
                        hist[Math.min(d, 8)]++;
                        if (d >= 5) {
                            System.out.printf("  %s %s: %d bits from imagededup's, %s%n", name, e.getKey(), d, folder.relativize(paths.get(k)));
                        }
                    }
                }
                ds.sort(null);
                double mean = ds.stream().mapToInt(Integer::intValue).average().orElse(0);
                long differ = ds.stream().filter(d -> d > 0).count();
                System.out.printf("%-6s %-12s %6.2f  %5d/%-5d  %9.3f  %3d  %3d  %s%n", name, e.getKey(), ms.get(e.getKey()),
                        differ, ds.size(), mean, ds.get((int) (0.99 * (ds.size() - 1))), ds.get(ds.size() - 1),
                        java.util.Arrays.toString(hist));
            }
            for (int t : new int[] {8, 10}) {
                for (var e : out.entrySet()) {
                    if (!e.getKey().equals("compat")) {
                        pairs(name, e.getKey(), t, ref, e.getValue());
                    }
                }
            }
        }
    }

    /** Pair-level margins of one decode against imagededup's at threshold t. */
    private static void pairs(String name, String decode, int t, List<BitHash> ref, List<BitHash> got) {
        int n = ref.size();
        int compatPairs = 0;
        int missed = 0;
        int margin = 0;
        int[] dc = new int[n * (n - 1) / 2];
        int[] df = new int[dc.length];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++, k++) {
                if (ref.get(i) == null || ref.get(j) == null || got.get(i) == null || got.get(j) == null) {
                    dc[k] = df[k] = Integer.MAX_VALUE / 2;
                    continue;
                }
                dc[k] = ref.get(i).distance(ref.get(j));
                df[k] = got.get(i).distance(got.get(j));
                if (dc[k] <= t) {
                    compatPairs++;
                    missed += df[k] > t ? 1 : 0;
                    margin = Math.max(margin, df[k] - t);
                }
            }
        }
        StringBuilder near = new StringBuilder();
        for (int m = 1; m <= Math.max(margin, 2); m++) {
            int pairs = 0;
            java.util.Set<Integer> images = new java.util.HashSet<>();
            k = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++, k++) {
                    if (df[k] > t && df[k] <= t + m) {
                        pairs++;
                        images.add(i);
                        images.add(j);
                    }
                }
            }
            near.append(String.format(" M=%d:%d/%d", m, pairs, images.size()));
        }
        System.out.printf("%-6s %-12s t=%d  compat pairs %d, missed %d, margin needed %d; re-checked pairs/images%s%n",
                name, decode, t, compatPairs, missed, margin, near);
    }

    /** The default fast decode's rule ({@code HashEncoder.fastDecodeSide}). */
    private static int side(int target) {
        return target < 32 ? 2 * target : (target * 3 + 1) / 2;
    }
}
