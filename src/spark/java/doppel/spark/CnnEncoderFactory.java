package doppel.spark;

import doppel.encode.EncodeSink;
import doppel.encode.Encoder;
import doppel.encode.EncoderSpec;
import doppel.dataset.ImageFile;
import doppel.encode.cnn.CnnEncoder;
import doppel.encode.cnn.CnnEncoders;
import doppel.encode.cnn.CnnOptions;
import doppel.image.ImageLoader;
import doppel.progress.Progress;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates the CLI's DJL embedding encoder ({@link CnnEncoders}) on the executors, with the CLI's model spec and
 * preprocessing, so the vectors match {@code doppel encode --encoder cnn|clip}. Loading a model costs far more
 * than a partition, so each executor JVM loads it once and keeps it for its life: tasks share it through
 * {@link #create()}, whose encoder's {@code close()} leaves the model loaded. Tasks running at once on one
 * executor each run their own predictor on the shared model.
 *
 * @param name      cnn or clip
 * @param model     local path of the TorchScript model (with its spec JSON beside it), the same on every executor
 * @param device    auto, cpu or gpu (one GPU per executor: see docs/spark.md)
 * @param batchSize images per engine call
 * @param maxPixels pixel limit against decompression bombs (0: the CLI's default)
 */
public record CnnEncoderFactory(String name, String model, String device, int batchSize, long maxPixels)
        implements EncoderFactory {
    private static final long serialVersionUID = 1L;

    /** One loaded model per executor JVM, keyed by this factory (model path and options). */
    private static final Map<CnnEncoderFactory, CnnEncoder> LOADED = new ConcurrentHashMap<>();

    /** Checks the options on the driver, so a typo fails before any task starts (the model loads on executors). */
    public CnnEncoderFactory {
        options(name, model, device, batchSize, maxPixels);
    }

    @Override
    public Encoder create() {
        return new Shared(LOADED.computeIfAbsent(this,
                f -> CnnEncoders.create(options(f.name, f.model, f.device, f.batchSize, f.maxPixels))));
    }

    private static CnnOptions options(String name, String model, String device, int batchSize, long maxPixels) {
        // one decode thread: Spark already runs one task per executor core
        return new CnnOptions(name, Paths.get(model), null, device, batchSize, 1,
                maxPixels > 0 ? maxPixels : ImageLoader.DEFAULT_MAX_PIXELS);
    }

    /** The executor's encoder for one task: closing it keeps the model for the next task. */
    private record Shared(CnnEncoder encoder) implements Encoder {
        @Override
        public EncoderSpec spec() {
            return encoder.spec();
        }

        @Override
        public void encode(List<ImageFile> files, EncodeSink sink, Progress progress) {
            encoder.encode(files, sink, progress);
        }

        @Override
        public String runtimeNote() {
            return encoder.runtimeNote();
        }
    }
}
