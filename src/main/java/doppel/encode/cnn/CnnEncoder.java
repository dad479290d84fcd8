package doppel.encode.cnn;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import doppel.dataset.ImageFile;
import doppel.encode.EncodeSink;
import doppel.encode.EncodedImage;
import doppel.encode.Encoder;
import doppel.encode.EncoderException;
import doppel.encode.EncoderSpec;
import doppel.encode.Embedding;
import doppel.encode.Fingerprint;
import doppel.dataset.SkippedFile;
import doppel.image.Dihedral;
import doppel.image.ImageException;
import doppel.image.ImageLoader;
import doppel.image.RgbImage;
import doppel.progress.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Embeds images with a TorchScript model on DJL's PyTorch engine. {@code workers} threads decode and
 * preprocess into a bounded queue; the calling thread runs the model on batches of {@code batchSize}
 * (so on a CPU the engine, with the cores the decoders leave free, is the limit). Create with
 * {@link CnnEncoders#create(CnnOptions)}.
 *
 * <p>With {@link CnnOptions#dihedral()} each image is decoded once and its seven rotations and flips are made
 * from the decoded pixels and embedded too, as the image's {@code variants} (in {@link Dihedral#NON_IDENTITY}
 * order, as the dihedral hashes); the searches score a pair by its best variant. Where only some datasets need
 * variants ({@link CnnOptions#variantDatasets}: leak compares each query image with the reference images'
 * originals), the others are embedded once.
 */
public final class CnnEncoder implements Encoder {
    private final CnnOptions options;
    private final ModelSpec modelSpec;
    private final ZooModel<float[], float[]> model;
    private final Device device;
    private final int dimension;
    private final String modelHash;
    private final int engineThreads;
    private final Preprocessor preprocessor;
    private final ImageLoader loader;
    private volatile int batchSize;
    private final AtomicLong decodeNanos = new AtomicLong();
    private final AtomicLong engineNanos = new AtomicLong();

    CnnEncoder(CnnOptions options, ModelSpec modelSpec, ZooModel<float[], float[]> model, Device device, int dimension,
               String modelHash, int engineThreads) {
        this.options = options;
        this.modelSpec = modelSpec;
        this.model = model;
        this.device = device;
        this.dimension = dimension;
        this.modelHash = modelHash;
        this.engineThreads = engineThreads;
        this.preprocessor = new Preprocessor(modelSpec);
        this.loader = new ImageLoader(options.maxPixels());
        this.batchSize = options.batchSize();
    }

    @Override
    public EncoderSpec spec() {
        Map<String, String> variantParams = new TreeMap<>(Map.of("device", deviceName()));
        if (options.dihedral()) { // absent without variants, as encodings written before it
            variantParams.put("dihedral", "true");
        }
        return new EncoderSpec(options.name(), EncoderSpec.Metric.COSINE, dimension,
                Map.of("model", modelSpec.id(), "model_sha256", modelHash, "input", modelSpec.inputSize()),
                variantParams);
    }

    /** The model's spec as read from its JSON file. */
    public ModelSpec modelSpec() {
        return modelSpec;
    }

    /** {@code cpu} or {@code gpu}. */
    public String deviceName() {
        return device.isGpu() ? "gpu" : "cpu";
    }

    /** The batch size in use now (lower than asked for after an out-of-memory retry). */
    public int currentBatchSize() {
        return batchSize;
    }

    /** Seconds the decode threads spent decoding and preprocessing, summed over threads, since creation. */
    public double decodeSeconds() {
        return decodeNanos.get() / 1e9;
    }

    /** Seconds the engine thread spent in the model (including tensor creation and copy-out), since creation. */
    public double engineSeconds() {
        return engineNanos.get() / 1e9;
    }

    @Override
    public String runtimeNote() {
        String where = device.isGpu() ? "GPU (" + device + ")" : "CPU, " + engineThreads + " engine thread(s)";
        return options.name() + ": model " + modelSpec.id() + " (" + dimension + "-d, sha256 " + modelHash + ") on "
                + where + ", batch " + batchSize + ", " + options.workers() + " decode thread(s)";
    }

    /** Embeds one already decoded image (no queue, no threads); used by tools and tests. */
    public Embedding embed(RgbImage image) {
        try (Predictor<float[], float[]> p = model.newPredictor()) {
            return Embedding.of(finish(predict(p, List.of(preprocessor.toChw(image))).get(0)));
        }
    }

    @Override
    public void encode(List<ImageFile> files, EncodeSink sink, Progress progress) {
        if (files.isEmpty()) {
            return;
        }
        int workers = Math.min(options.workers(), files.size());
        int perImage = options.dihedral() ? 1 + Dihedral.NON_IDENTITY.size() : 1;
        BlockingQueue<Item> queue = new ArrayBlockingQueue<>(Math.max(2 * batchSize / perImage, 4));
        AtomicInteger next = new AtomicInteger();
        AtomicInteger running = new AtomicInteger(workers);
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "doppel-cnn-decode");
            t.setDaemon(true);
            return t;
        });
        for (int w = 0; w < workers; w++) {
            pool.execute(() -> decodeLoop(files, next, queue, stop, sink, progress, running));
        }
        try (Predictor<float[], float[]> predictor = model.newPredictor()) {
            consume(predictor, queue, sink, progress);
        } finally {
            stop.set(true);
            queue.clear();
            pool.shutdownNow();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One decoded image (its network input, then those of its variants), or the end marker ({@code file == null}). */
    private record Item(ImageFile file, List<float[]> chw, int width, int height) {
    }

    /**
     * The network inputs of an image: the image itself, then its seven rotations and flips when asked for and its
     * dataset is one to vary ({@link CnnOptions#variantsFor}).
     */
    private List<float[]> inputs(ImageFile file, RgbImage img) {
        if (!options.variantsFor(file.dataset().name())) {
            return List.of(preprocessor.toChw(img));
        }
        List<float[]> out = new ArrayList<>(1 + Dihedral.NON_IDENTITY.size());
        out.add(preprocessor.toChw(img));
        for (Dihedral t : Dihedral.NON_IDENTITY) {
            out.add(preprocessor.toChw(t.apply(img)));
        }
        return out;
    }

    private static final Item END = new Item(null, null, 0, 0);

    private void decodeLoop(List<ImageFile> files, AtomicInteger next, BlockingQueue<Item> queue, AtomicBoolean stop,
                            EncodeSink sink, Progress progress, AtomicInteger running) {
        try {
            for (int i; !stop.get() && (i = next.getAndIncrement()) < files.size(); ) {
                ImageFile f = files.get(i);
                long t0 = System.nanoTime();
                Item item;
                try {
                    RgbImage img = loader.readRgbAtLeast(f.path(), preprocessor.minDecodeSide());
                    int[] size = originalSize(f.path(), img, preprocessor.minDecodeSide());
                    item = new Item(f, inputs(f, img), size[0], size[1]);
                } catch (ImageException e) {
                    skip(sink, progress, f, e.getMessage());
                    continue;
                } catch (RuntimeException | OutOfMemoryError e) {
                    skip(sink, progress, f, "cannot decode: " + CnnEncoders.oneLine(e));
                    continue;
                } finally {
                    decodeNanos.addAndGet(System.nanoTime() - t0);
                }
                if (!put(queue, item, stop)) {
                    return;
                }
            }
        } finally {
            if (running.decrementAndGet() == 0) {
                put(queue, END, stop);
            }
        }
    }

    private static void skip(EncodeSink sink, Progress progress, ImageFile f, String reason) {
        sink.skipped(new SkippedFile(f.dataset().name(), f.relativePath(), reason));
        progress.step(1);
    }

    /** Blocks until there is room, giving up when the run stops (engine failure). */
    private static boolean put(BlockingQueue<Item> queue, Item item, AtomicBoolean stop) {
        try {
            while (!stop.get()) {
                if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private void consume(Predictor<float[], float[]> predictor, BlockingQueue<Item> queue, EncodeSink sink, Progress progress) {
        List<Item> batch = new ArrayList<>();
        boolean done = false;
        int queued = 0; // network inputs in the batch: images with variants bring eight, the others one
        while (!done) {
            Item item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EncoderException("interrupted");
            }
            if (item == END) {
                done = true;
            } else {
                batch.add(item);
                queued += item.chw().size();
            }
            if (!batch.isEmpty() && (done || queued >= batchSize)) {
                List<float[]> inputs = new ArrayList<>();
                for (Item b : batch) {
                    inputs.addAll(b.chw());
                }
                List<float[]> outputs = predict(predictor, inputs);
                int o = 0;
                for (Item b : batch) {
                    Embedding main = Embedding.of(finish(outputs.get(o++)));
                    List<Fingerprint> variants = new ArrayList<>(b.chw().size() - 1);
                    for (int v = 1; v < b.chw().size(); v++) {
                        variants.add(Embedding.of(finish(outputs.get(o++))));
                    }
                    sink.encoded(new EncodedImage(b.file(), main, variants, b.width(), b.height()));
                    progress.step(1);
                }
                batch.clear();
                queued = 0;
            }
        }
    }

    private float[] finish(float[] v) {
        if (modelSpec.l2normalize()) {
            double n = 0;
            for (float x : v) {
                n += (double) x * x;
            }
            if (n > 0) {
                float inv = (float) (1 / Math.sqrt(n));
                for (int i = 0; i < v.length; i++) {
                    v[i] *= inv;
                }
            }
        }
        return v;
    }

    /** Runs the model, halving the batch on out-of-memory until one image at a time fails too. */
    private List<float[]> predict(Predictor<float[], float[]> p, List<float[]> inputs) {
        long t0 = System.nanoTime();
        try {
            return predictWith(p, inputs);
        } finally {
            engineNanos.addAndGet(System.nanoTime() - t0);
        }
    }

    private List<float[]> predictWith(Predictor<float[], float[]> p, List<float[]> inputs) {
        try {
            return p.batchPredict(inputs);
        } catch (TranslateException | EngineException e) {
            if (!isOutOfMemory(e)) {
                throw new EncoderException("model " + modelSpec.id() + " failed on a batch of " + inputs.size() + ": "
                        + CnnEncoders.oneLine(e), e);
            }
            if (inputs.size() == 1) {
                throw new EncoderException("out of memory running model " + modelSpec.id() + " on " + deviceName()
                        + " even with batch size 1 (input " + modelSpec.inputSize() + "); free memory or use"
                        + " --device cpu", e);
            }
            int half = inputs.size() / 2;
            batchSize = Math.max(1, Math.min(batchSize, half));
            List<float[]> out = new ArrayList<>(predictWith(p, inputs.subList(0, half)));
            out.addAll(predictWith(p, inputs.subList(half, inputs.size())));
            return out;
        }
    }

    private static boolean isOutOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (t instanceof OutOfMemoryError || m.contains("out of memory") || m.contains("can't allocate memory")
                    || m.contains("failed to allocate")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Width and height of the file itself. A decoded short side below twice the requested minimum may come
     * from a reduced decode, so then the header is read; larger decodes are full size.
     */
    private static int[] originalSize(Path path, RgbImage img, int minSide) {
        if (Math.min(img.width(), img.height()) >= 2 * minSide) {
            return new int[] {img.width(), img.height()};
        }
        try (InputStream in = Files.newInputStream(path); ImageInputStream iis = ImageIO.createImageInputStream(in)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            if (readers.hasNext()) {
                ImageReader r = readers.next();
                try {
                    r.setInput(iis, true, true);
                    return new int[] {r.getWidth(0), r.getHeight(0)};
                } finally {
                    r.dispose();
                }
            }
        } catch (IOException | RuntimeException e) {
            // the decoded size is the best we have
        }
        return new int[] {img.width(), img.height()};
    }

    @Override
    public void close() {
        model.close();
    }
}
