package doppel.encode.hash;

import doppel.dataset.ImageFile;
import doppel.encode.BitHash;
import doppel.encode.EncodeSink;
import doppel.encode.EncodedImage;
import doppel.encode.Encoder;
import doppel.encode.EncoderException;
import doppel.encode.EncoderSpec;
import doppel.encode.Fingerprint;
import doppel.dataset.SkippedFile;
import doppel.image.Dihedral;
import doppel.image.GrayImage;
import doppel.image.ImageException;
import doppel.image.ImageInfo;
import doppel.image.ImageLoader;
import doppel.image.PilLanczos;
import doppel.image.RgbImage;
import doppel.progress.Progress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Perceptual hashes (ahash, dhash, phash, whash) and content digests (md5, sha256) of image files, on a fixed
 * pool of worker threads. Create instances with {@link HashEncoders#create}.
 *
 * <p>Each file is read once into memory and decoded, hashed and reported on a worker. In the default fast mode
 * only the grey pixels the hash needs are decoded (JPEG: luma at 1/2, 1/4 or 1/8 size, of which only the region
 * the picture covers is resized: {@link #FAST_DECODE}); in imagededup mode the
 * image is decoded fully, resized as RGB with PIL's Lanczos and converted with PIL's 'L' weights, which gives
 * imagededup's hashes bit for bit. Digests hash the file bytes and decode nothing.
 */
public final class HashEncoder implements Encoder {
    /**
     * In fast mode the reduced decode keeps each side at least this many times the resize target, so that the
     * final Lanczos step still averages more than one pixel per output, as imagededup's full-resolution resize
     * does: 2x for small targets (aHash, dHash; free, as photos decode at 1/8 anyway), 1.5x from 32 pixels up,
     * which lets a 640x480 JPEG decode at 1/8 (80x60) for pHash's 32x32. Measured on the shared photos, 2x
     * everywhere brings pHash closer to imagededup (mean 0.46 bits, vs 0.60 with this rule and 0.90 with 1x) but
     * decodes VGA photos at 1/4, about 15% slower.
     */
    static int fastDecodeSide(int target) {
        return target < 32 ? 2 * target : (target * 3 + 1) / 2;
    }

    /**
     * The fast decode's name in the encoder spec. "fast2" resizes only the region of the reduced JPEG decode that
     * the picture covers ({@link ImageLoader.GrayDecode}); "fast", before it, resized the whole decode, whose
     * partial last block stretched the picture (up to 10 pHash bits off imagededup's at sharp borders, against
     * 2 now; BENCHMARKS.md "Never below imagededup"). A new name, so that encodings of the old decode are never
     * reused for, or mixed with, the new one.
     */
    public static final String FAST_DECODE = "fast2";

    private final String name;
    private final PerceptualHash hash;
    private final String digestAlgorithm;
    private final int digestBits;
    private final HashOptions options;
    private final ImageLoader loader;
    private final EncoderSpec spec;
    private volatile ExecutorService pool;

    private HashEncoder(String name, PerceptualHash hash, String digestAlgorithm, int digestBits, HashOptions options) {
        this.name = name;
        this.hash = hash;
        this.digestAlgorithm = digestAlgorithm;
        this.digestBits = digestBits;
        this.options = options;
        // Digests decode nothing: creating a loader would start ImageIO's plugin scan for nothing.
        this.loader = hash == null ? null : new ImageLoader(options.maxPixels());
        this.spec = hash == null
                ? new EncoderSpec(name, EncoderSpec.Metric.HAMMING, digestBits, Map.of(), Map.of())
                : new EncoderSpec(name, EncoderSpec.Metric.HAMMING, hash.bits(), Map.of("hash_size", hash.sizeText()),
                        Map.of("decode", options.compatImagededup() ? "imagededup" : FAST_DECODE,
                                "dihedral", Boolean.toString(options.dihedral())));
    }

    static HashEncoder perceptual(PerceptualHash hash, HashOptions options) {
        return new HashEncoder(hash.name(), hash, null, 0, options);
    }

    static HashEncoder digest(String name, String algorithm, int bits, HashOptions options) {
        try {
            MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new EncoderException(algorithm + " is not available in this Java runtime", e);
        }
        return new HashEncoder(name, null, algorithm, bits, options);
    }

    public HashOptions options() {
        return options;
    }

    /** The JDK digest algorithm of md5/sha256, or null for a perceptual hash. */
    String digestAlgorithm() {
        return digestAlgorithm;
    }

    @Override
    public EncoderSpec spec() {
        return spec;
    }

    @Override
    public String runtimeNote() {
        return options.workers() + " worker" + (options.workers() == 1 ? "" : "s")
                + (hash == null ? "" : ", " + (options.compatImagededup() ? "imagededup-compatible decoding" : "fast decoding"));
    }

    /**
     * Encodes one file on the calling thread.
     *
     * @throws ImageException with the one-line reason when the file cannot be used
     */
    public EncodedImage encodeOne(ImageFile file) throws ImageException {
        return encodeBytes(file, ImageLoader.readBytes(file.path()));
    }

    /**
     * Encodes a file's content already in memory (read from HDFS, S3, ... by the caller) on the calling thread,
     * exactly as {@link #encodeOne} encodes the file itself; {@code file} only names the result.
     *
     * @throws ImageException with the one-line reason when the content cannot be used
     */
    public EncodedImage encodeBytes(ImageFile file, byte[] data) throws ImageException {
        if (data.length == 0) {
            throw new ImageException("zero-byte file");
        }
        if (hash == null) {
            return new EncodedImage(file, digest(data), List.of(), 0, 0);
        }
        ImageInfo info = loader.probe(data);
        List<BitHash> hashes = options.compatImagededup() ? compatHashes(data, info) : fastHashes(data, info);
        List<Fingerprint> variants = new ArrayList<>(hashes.subList(1, hashes.size()));
        return new EncodedImage(file, hashes.get(0), variants, info.width(), info.height());
    }

    private List<Dihedral> transforms() {
        if (!options.dihedral()) {
            return List.of(Dihedral.IDENTITY);
        }
        List<Dihedral> all = new ArrayList<>();
        all.add(Dihedral.IDENTITY);
        all.addAll(Dihedral.NON_IDENTITY);
        return all;
    }

    private List<BitHash> fastHashes(byte[] data, ImageInfo info) throws ImageException {
        int tw = hash.targetWidth();
        int th = hash.targetHeight();
        // Rotated variants swap the sides, so with variants both sides must cover the larger target.
        int needW = fastDecodeSide(options.dihedral() ? Math.max(tw, th) : tw);
        int needH = fastDecodeSide(options.dihedral() ? Math.max(tw, th) : th);
        ImageLoader.GrayDecode decoded = loader.decodeGrayCovering(data, info, needW, needH);
        GrayImage gray = decoded.image();
        List<BitHash> out = new ArrayList<>();
        for (Dihedral t : transforms()) {
            PilLanczos.Box picture = t.apply(decoded.picture(), gray.width(), gray.height());
            out.add(hash.hash(PilLanczos.resize(t.apply(gray), picture, tw, th)));
        }
        return out;
    }

    private List<BitHash> compatHashes(byte[] data, ImageInfo info) throws ImageException {
        RgbImage rgb = loader.decodeRgb(data, info);
        List<BitHash> out = new ArrayList<>();
        for (Dihedral t : transforms()) {
            RgbImage small = PilLanczos.resize(t.apply(rgb), hash.targetWidth(), hash.targetHeight());
            out.add(hash.hash(PilLanczos.toGray(small)));
        }
        return out;
    }

    private BitHash digest(byte[] data) {
        try {
            return BitHash.fromBytes(MessageDigest.getInstance(digestAlgorithm).digest(data), digestBits);
        } catch (NoSuchAlgorithmException e) {
            throw new EncoderException(digestAlgorithm + " is not available in this Java runtime", e);
        }
    }

    @Override
    public void encode(List<ImageFile> files, EncodeSink sink, Progress progress) {
        if (files.isEmpty()) {
            return;
        }
        int threads = Math.min(options.workers(), files.size());
        ExecutorService executor = Executors.newFixedThreadPool(threads, workerThreads());
        pool = executor;
        try {
            forEachOnPool(executor, threads, files, name, f -> {
                encodeAndReport(f, sink);
                progress.step(1);
            });
        } finally {
            executor.shutdownNow();
            pool = null;
        }
    }

    /**
     * Runs {@code task} on every file with {@code workers} tasks on {@code pool} and waits; a task's runtime failure
     * fails the run, any other is an {@link EncoderException} naming {@code encoder}.
     */
    static void forEachOnPool(ExecutorService pool, int workers, List<ImageFile> files, String encoder,
                              Consumer<ImageFile> task) {
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < Math.min(workers, files.size()); t++) {
            futures.add(pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < files.size(); ) {
                    task.accept(files.get(i));
                }
            }));
        }
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EncoderException("interrupted while hashing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new EncoderException(encoder + " failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Encodes in-memory content like {@link #encodeBytes(ImageFile, byte[])} and reports it to {@code sink} as
     * {@link #encode} reports a file: the encoded image, or a skipped file with the same one-line reasons.
     */
    public void encodeBytes(ImageFile file, byte[] data, EncodeSink sink) {
        report(file, sink, () -> encodeBytes(file, data));
    }

    private void encodeAndReport(ImageFile file, EncodeSink sink) {
        report(file, sink, () -> encodeOne(file));
    }

    /** One encoding attempt whose failures become skip reasons. */
    @FunctionalInterface
    private interface Attempt {
        EncodedImage run() throws ImageException;
    }

    private static void report(ImageFile file, EncodeSink sink, Attempt attempt) {
        EncodedImage result;
        String reason;
        try {
            result = attempt.run();
            reason = null;
        } catch (ImageException e) {
            result = null;
            reason = e.getMessage();
        } catch (OutOfMemoryError e) {
            result = null;
            reason = "out of memory while decoding";
        } catch (RuntimeException e) {
            result = null;
            reason = "cannot decode: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().replaceAll("\\s+", " ").strip());
        }
        if (result != null) {
            sink.encoded(result);
        } else {
            sink.skipped(new SkippedFile(file.dataset().name(), file.relativePath(), reason));
        }
    }

    /** Daemon threads named after the encoder, for this encoder's pools (and {@link StagedDigestEncoder}'s). */
    ThreadFactory workerThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "doppel-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Stops a pool still running (encode normally shuts its own pool down before returning). */
    @Override
    public void close() {
        ExecutorService p = pool;
        if (p != null) {
            p.shutdownNow();
        }
    }
}
