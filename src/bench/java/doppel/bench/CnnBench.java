package doppel.bench;

import doppel.dataset.ImageFile;
import doppel.encode.cnn.CnnEncoder;
import doppel.encode.cnn.CnnEncoders;
import doppel.encode.cnn.CnnOptions;
import doppel.image.ImageLoader;
import doppel.image.RgbImage;
import doppel.progress.Progress;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Throughput of the CNN encoder: images/s for each model x folder x batch size, with the share of time
 * spent decoding (summed over decode threads) and in the engine, and peak memory.
 *
 * <pre>
 * java -Dai.djl.offline=true -cp target/classes:$(cat cp.txt) doppel.bench.CnnBench \
 *     --photos /work/shared/photos --models models/doppel-filterbank-v1.pt,/tmp/mnv3s/mobilenet_v3_small_random.pt \
 *     --batches 1,32 --workers 1 --jpeg640 200
 * </pre>
 * The 640x480 folder is generated in a temp dir from the photos (Java2D bilinear, JPEG quality 0.9).
 * Wall-clock rates depend on other load on the machine; the process CPU time per image does much less.
 */
public final class CnnBench {
    private CnnBench() {
    }

    /** Runs the benchmark; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        Path photos = Path.of("/work/shared/photos");
        List<Path> models = List.of(Path.of(CnnEncoders.OFFLINE_MODEL));
        List<Integer> batches = List.of(1, 32);
        int workers = 1;
        int jpeg640 = 200;
        int rounds = 1;
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--photos" -> photos = Path.of(v);
                case "--models" -> models = splitPaths(v);
                case "--batches" -> batches = splitInts(v);
                case "--workers" -> workers = Integer.parseInt(v);
                case "--jpeg640" -> jpeg640 = Integer.parseInt(v);
                case "--rounds" -> rounds = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        int engineThreads = CnnEncoders.configureEngineThreads(workers);
        Path small = Files.createTempDirectory("doppel-640x480-");
        List<ImageFile> photoFiles = BenchFiles.list(photos);
        make640(photoFiles, small, jpeg640);
        List<ImageFile> smallFiles = BenchFiles.list(small);
        System.out.printf(Locale.ROOT, "cores %d, decode workers %d, engine threads %d; %d photos, %d 640x480 JPEGs%n",
                Runtime.getRuntime().availableProcessors(), workers, engineThreads, photoFiles.size(), smallFiles.size());
        System.out.println("model | folder | batch | img/s | wall s | decode thread-s (% of wall) | engine s (% of wall)"
                + " | process CPU ms/img");
        for (Path model : models) {
            for (int batch : batches) {
                CnnOptions o = new CnnOptions("cnn", model, null, "auto", batch, workers, ImageLoader.DEFAULT_MAX_PIXELS);
                try (CnnEncoder enc = CnnEncoders.create(o)) {
                    enc.encode(smallFiles.subList(0, Math.min(16, smallFiles.size())), new BenchFiles.Collect(),
                            Progress.NONE);
                    for (int r = 0; r < rounds; r++) {
                        run(enc, model, "photos", photoFiles, batch);
                        run(enc, model, "640x480", smallFiles, batch);
                    }
                }
            }
        }
        long heapPeak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPeak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf(Locale.ROOT, "peak RSS %.0f MB (VmHWM), peak Java heap %.0f MB (sum of pool peaks)%n",
                vmHwmKb() / 1024.0, heapPeak / 1048576.0);
        try (var s = Files.list(small)) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(small);
    }

    private static void run(CnnEncoder enc, Path model, String folder, List<ImageFile> files, int batch) {
        double d0 = enc.decodeSeconds();
        double e0 = enc.engineSeconds();
        BenchFiles.Collect sink = new BenchFiles.Collect();
        long c0 = processCpuNanos();
        long t0 = System.nanoTime();
        enc.encode(files, sink, Progress.NONE);
        double cpuMs = (processCpuNanos() - c0) / 1e6 / Math.max(1, files.size());
        double wall = (System.nanoTime() - t0) / 1e9;
        double dec = enc.decodeSeconds() - d0;
        double eng = enc.engineSeconds() - e0;
        System.out.printf(Locale.ROOT, "%s | %s | %d | %.1f | %.2f | %.2f (%.0f%%) | %.2f (%.0f%%) | %.1f%s%n",
                enc.modelSpec().id(), folder, batch, sink.encoded.size() / wall, wall, dec, 100 * dec / wall, eng,
                100 * eng / wall, cpuMs, sink.skipped.get() > 0 ? " [" + sink.skipped.get() + " skipped]" : "");
    }

    private static void make640(List<ImageFile> photos, Path dir, int count) throws IOException {
        ImageLoader loader = new ImageLoader();
        int made = 0;
        for (int i = 0; made < count && i < photos.size() * 4; i++) {
            ImageFile f = photos.get(i % photos.size());
            RgbImage img;
            try {
                img = loader.readRgb(f.path());
            } catch (IOException e) {
                continue;
            }
            BufferedImage out = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            // mirror every second round so repeated sources are different files
            if ((i / photos.size()) % 2 == 1) {
                g.drawImage(BenchFiles.toBuffered(img), 640, 0, -640, 480, null);
            } else {
                g.drawImage(BenchFiles.toBuffered(img), 0, 0, 640, 480, null);
            }
            g.dispose();
            ImageIO.write(out, "jpeg", dir.resolve(String.format(Locale.ROOT, "s%04d.jpg", made++)).toFile());
        }
    }

    /** CPU time of the whole process, native engine threads included (robust to other load on the box). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long vmHwmKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D+", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static List<Path> splitPaths(String v) {
        List<Path> out = new ArrayList<>();
        for (String s : v.split(",")) {
            out.add(Path.of(s.strip()));
        }
        return out;
    }

    private static List<Integer> splitInts(String v) {
        List<Integer> out = new ArrayList<>();
        for (String s : v.split(",")) {
            out.add(Integer.parseInt(s.strip()));
        }
        return out;
    }
}
