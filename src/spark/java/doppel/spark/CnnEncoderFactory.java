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
import org.apache.spark.TaskContext;

/**
 * Creates the CLI's DJL embedding encoder ({@link CnnEncoders}) on the executors, with the CLI's model spec and
 * preprocessing, so the vectors match {@code doppel encode --encoder cnn|clip}. Loading a model costs far more
 * than a partition, so each executor JVM loads it once and keeps it for its life: tasks share it through
 * {@link #create()}, whose encoder's {@code close()} leaves the model loaded. Tasks running at once on one
 * executor each run the CLI's pipeline (decode threads feeding the model, {@link CnnEncoder#encode}) with their own
 * predictor on the shared model.
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
    private static final Map<CnnEncoderFactory, Loaded> LOADED = new ConcurrentHashMap<>();

    /** Checks the options on the driver, so a typo fails before any task starts (the model loads on executors). */
    public CnnEncoderFactory {
        options(name, model, device, batchSize, maxPixels);
    }

    /**
     * The executor's encoder for the running task. The first task of a JVM loads the model with the CLI's thread
     * rule applied to a task's cores ({@code spark.task.cpus}, 1 by default) instead of the machine's: that many
     * decode threads per task, and PyTorch threads ({@code ai.djl.pytorch.num_threads}, unless set) all but one of
     * them, at least 1. Every task running at once calls the model from its own thread, so with one core per task
     * tasks x engine threads = the executor's cores (PyTorch's threads busy-wait: more would only compete).
     */
    @Override
    public Encoder create() {
        return new Shared(LOADED.computeIfAbsent(this, f -> {
            int cores = TaskContext.get() == null ? 1 : TaskContext.get().cpus();
            CnnEncoders.configureEngineThreadsForCores(cores);
            return new Loaded(CnnEncoders.create(options(f.name, f.model, f.device, f.batchSize, f.maxPixels)
                    .withWorkers(cores)));
        }));
    }

    private static CnnOptions options(String name, String model, String device, int batchSize, long maxPixels) {
        return new CnnOptions(name, Paths.get(model), null, device, batchSize, 1,
                maxPixels > 0 ? maxPixels : ImageLoader.DEFAULT_MAX_PIXELS);
    }

    /** An executor's loaded model, with the part of its decode and model time already reported. */
    private static final class Loaded {
        private final CnnEncoder encoder;
        private double reportedDecode;
        private double reportedEngine;

        Loaded(CnnEncoder encoder) {
            this.encoder = encoder;
        }

        synchronized double[] takeSeconds() {
            double decode = encoder.decodeSeconds();
            double engine = encoder.engineSeconds();
            double[] out = {decode - reportedDecode, engine - reportedEngine};
            reportedDecode = decode;
            reportedEngine = engine;
            return out;
        }
    }

    /** The executor's encoder for one task: closing it keeps the model for the next task. */
    private record Shared(Loaded loaded) implements Encoder, SparkEncode.TimedEncoder {
        @Override
        public EncoderSpec spec() {
            return loaded.encoder.spec();
        }

        @Override
        public void encode(List<ImageFile> files, EncodeSink sink, Progress progress) {
            loaded.encoder.encode(files, sink, progress);
        }

        @Override
        public String runtimeNote() {
            return loaded.encoder.runtimeNote();
        }

        @Override
        public double[] takeSeconds() {
            return loaded.takeSeconds();
        }
    }
}
