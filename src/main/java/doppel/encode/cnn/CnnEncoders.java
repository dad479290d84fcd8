package doppel.encode.cnn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import ai.djl.util.Utils;
import doppel.encode.EncoderException;
import doppel.io.NativeLoad;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Builds {@link CnnEncoder}s: finds the model and its {@link ModelSpec}, picks the device, loads the
 * TorchScript model into DJL's PyTorch engine and checks it once on a blank image, so that every problem
 * with the model is a one-line {@link EncoderException} before any file is read.
 *
 * <p>Engine threads: PyTorch's OpenMP threads busy-wait, so they must not compete with the decode
 * threads. The CLI should set {@code -Dai.djl.offline=true} and call {@link #configureEngineThreads(int)}
 * (or set {@code -Dai.djl.pytorch.num_threads}) before any DJL class is loaded; {@link #create} does the
 * latter itself when the property is still unset.
 */
public final class CnnEncoders {
    /** The model shipped in {@code models/} for offline use. */
    public static final String OFFLINE_MODEL = "models/doppel-filterbank-v1.pt";
    /**
     * The default model for users online ({@code DJL_OFFLINE=false}) who give no {@code --model}: DJL's PyTorch
     * zoo ResNet-18 with the classifier removed (512-d, ImageNet weights), downloaded into DJL's cache.
     */
    public static final String ZOO_DEFAULT = "djl://ai.djl.pytorch/resnet18_embedding";
    private static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

    private CnnEncoders() {
    }

    /**
     * Sets {@code ai.djl.pytorch.num_threads} to the cores left over by {@code decodeWorkers} (at least 1),
     * unless the user already set it. Has no effect once the PyTorch engine is loaded.
     *
     * @return the engine thread count now in the property
     */
    public static int configureEngineThreads(int decodeWorkers) {
        String set = System.getProperty(THREADS_PROPERTY);
        if (set == null || set.isBlank()) {
            int n = Math.max(1, Runtime.getRuntime().availableProcessors() - decodeWorkers);
            System.setProperty(THREADS_PROPERTY, Integer.toString(n));
            return n;
        }
        return Integer.parseInt(set.strip());
    }

    /**
     * Sets {@code ai.djl.pytorch.num_threads} for {@code cores} cores, unless the user already set it: all but one
     * of them, at least 1 (PyTorch's threads busy-wait; the core left over is the decode threads'). The CLI's rule
     * for the machine's cores ({@code doppel.cli.Main}); Spark applies it to a task's cores. Has no effect once the
     * PyTorch engine is loaded.
     *
     * @return the engine thread count now in the property
     */
    public static int configureEngineThreadsForCores(int cores) {
        String set = System.getProperty(THREADS_PROPERTY);
        if (set == null || set.isBlank()) {
            System.setProperty(THREADS_PROPERTY, Integer.toString(engineThreadsFor(cores)));
        }
        return Integer.parseInt(System.getProperty(THREADS_PROPERTY).strip());
    }

    /** PyTorch threads for {@code cores} cores: all but one, at least 1. */
    public static int engineThreadsFor(int cores) {
        return Math.max(1, cores - 1);
    }

    /**
     * Loads the model the options name and returns a ready encoder.
     *
     * @throws EncoderException with a one-line message when the model is missing, unreadable, of the wrong
     *                          kind, cannot run on the requested device, or does not return a vector
     */
    public static CnnEncoder create(CnnOptions options) {
        String url = remoteModel(options);
        if (url != null) {
            return createFromUrl(options, url);
        }
        Path model = resolveModel(options);
        String lower = model.getFileName().toString().toLowerCase(Locale.ROOT);
        if (lower.endsWith(".onnx")) {
            throw new EncoderException("ONNX models need DJL's OnnxRuntime engine, which this build does not include;"
                    + " export TorchScript (.pt) with scripts/export_model.py instead: " + model);
        }
        Path specFile = ModelSpec.besideModel(model);
        if (!Files.isRegularFile(specFile)) {
            throw new EncoderException("model spec not found: " + specFile + " (every model needs a spec JSON beside it;"
                    + " see models/README.md, scripts/export_model.py writes one)");
        }
        ModelSpec spec;
        try {
            spec = ModelSpec.read(specFile);
        } catch (IOException e) {
            throw new EncoderException(e.getMessage(), e);
        }
        String hash = sha256Prefix(model);
        Loaded loaded = loadTorchScript(options, spec, b -> b.optModelPath(model),
                "cannot load model " + model + " (not a TorchScript file saved with torch.jit.save?): ");
        ZooModel<float[], float[]> zoo = loaded.zoo();
        try {
            int dim = probe(zoo, spec, model.toString(), "check inputWidth/inputHeight in "
                    + ModelSpec.besideModel(model).getFileName());
            return new CnnEncoder(options, spec, zoo, loaded.device(), dim, hash, loaded.threads());
        } catch (RuntimeException e) {
            zoo.close();
            throw e;
        }
    }

    private static Path resolveModel(CnnOptions o) {
        if (o.modelOrNull() != null) {
            Path m = o.modelOrNull();
            if (!Files.exists(m)) {
                throw new EncoderException("model file not found: " + m);
            }
            if (!Files.isRegularFile(m) || !Files.isReadable(m)) {
                throw new EncoderException("model is not a readable file: " + m);
            }
            return m;
        }
        if (o.name().equals("clip")) {
            throw new EncoderException("--encoder clip needs --model: export a CLIP image tower with"
                    + " scripts/export_model.py --arch clip-vit-b-32 (see models/README.md)");
        }
        throw new EncoderException("no CNN model given: pass --model " + OFFLINE_MODEL
                + " (offline baseline) or a TorchScript model exported with scripts/export_model.py; online"
                + " (DJL_OFFLINE=false) the default is " + ZOO_DEFAULT);
    }

    /**
     * The remote model to load, or null for a local file: the URL given, or for {@code cnn} without any model
     * while online, {@link #ZOO_DEFAULT}.
     */
    private static String remoteModel(CnnOptions o) {
        if (o.modelOrNull() != null) {
            return null;
        }
        if (o.modelUrl() != null) {
            return o.modelUrl();
        }
        return o.name().equals("cnn") && !Utils.isOfflineMode() ? ZOO_DEFAULT : null;
    }

    /**
     * The spec of a remote model. {@link #ZOO_DEFAULT} is known: ResNet-18 features, resize 256, centre-crop 224,
     * ImageNet mean/std, 512-d. Other URLs carry no Doppel spec, so the same ImageNet preprocessing is assumed
     * and the dimension is taken from the model's output.
     */
    static ModelSpec remoteSpec(String url) {
        float[] mean = {0.485f, 0.456f, 0.406f};
        float[] std = {0.229f, 0.224f, 0.225f};
        if (url.equals(ZOO_DEFAULT)) {
            return new ModelSpec(url, 224, 224, ModelSpec.RESIZE_SHORT_CROP, 256, mean, std, 512, true, "RGB", "0..1",
                    "DJL PyTorch model zoo ResNet-18 embedding (ImageNet), 512-d");
        }
        return new ModelSpec(url, 224, 224, ModelSpec.RESIZE_SHORT_CROP, 256, mean, std, 0, true, "RGB", "0..1",
                "remote model, ImageNet preprocessing assumed (resize 256, centre-crop 224)");
    }

    /**
     * Loads a model through DJL's repositories ({@code djl://} zoo URLs, {@code https://} archives). DJL keeps
     * the download in its cache ({@code DJL_CACHE_DIR}, default {@code ~/.djl.ai}); the fingerprint is a hash of
     * the files it unpacked, so a changed model at the same URL is noticed.
     */
    private static CnnEncoder createFromUrl(CnnOptions options, String url) {
        if (Utils.isOfflineMode()) {
            throw new EncoderException("model URL " + url + " needs the network: run with DJL_OFFLINE=false"
                    + " (and internet access)");
        }
        ModelSpec spec = remoteSpec(url);
        Loaded loaded = loadTorchScript(options, spec, b -> b.optModelUrls(url), "cannot load model URL " + url + ": ");
        ZooModel<float[], float[]> zoo = loaded.zoo();
        try {
            String hash = sha256Prefix(zoo.getModelPath());
            int dim = probe(zoo, spec, url, "a remote model must take 3x224x224 ImageNet-normalised input");
            return new CnnEncoder(options, spec, zoo, loaded.device(), dim, hash, loaded.threads());
        } catch (RuntimeException e) {
            zoo.close();
            throw e;
        }
    }

    /** A model loaded into the PyTorch engine, with the device and engine thread count it was loaded for. */
    private record Loaded(ZooModel<float[], float[]> zoo, Device device, int threads) {
    }

    /**
     * Sets the engine threads, starts the PyTorch engine, picks the device and loads the model that {@code source}
     * points the criteria at (a local path or URLs).
     *
     * @param loadError message prefix for a model that does not load; the cause's one-line message follows it
     */
    private static Loaded loadTorchScript(CnnOptions options, ModelSpec spec,
                                          UnaryOperator<Criteria.Builder<float[], float[]>> source, String loadError) {
        int threads = configureEngineThreads(options.workers());
        Engine engine;
        try {
            NativeLoad.announce();
            engine = Engine.getEngine("PyTorch");
        } catch (RuntimeException e) {
            throw new EncoderException("cannot start the PyTorch engine: " + oneLine(e), e);
        }
        Device device = pickDevice(options.device(), engine);
        try {
            ZooModel<float[], float[]> zoo = source.apply(Criteria.builder().setTypes(float[].class, float[].class))
                    .optEngine("PyTorch")
                    .optDevice(device)
                    .optTranslator(new EmbeddingTranslator(spec))
                    .build()
                    .loadModel();
            return new Loaded(zoo, device, threads);
        } catch (Exception e) {
            throw new EncoderException(loadError + oneLine(e), e);
        }
    }

    private static Device pickDevice(String requested, Engine engine) {
        int gpus = engine.getGpuCount();
        switch (requested) {
            case "cpu":
                return Device.cpu();
            case "gpu":
                if (gpus <= 0) {
                    throw new EncoderException("--device gpu: no GPU visible to DJL/PyTorch (CPU-only libtorch?);"
                            + " use --device auto or cpu");
                }
                return Device.gpu();
            default:
                return gpus > 0 ? Device.gpu() : Device.cpu();
        }
    }

    /** Runs one blank image through the model: the output must be a vector of the spec's dimension. */
    private static int probe(ZooModel<float[], float[]> zoo, ModelSpec spec, String model, String inputHint) {
        float[] blank = new float[3 * spec.inputWidth() * spec.inputHeight()];
        float[] out;
        try (Predictor<float[], float[]> p = zoo.newPredictor()) {
            out = p.predict(blank);
        } catch (TranslateException | RuntimeException e) {
            EmbeddingTranslator.NotAVectorException nav = find(e, EmbeddingTranslator.NotAVectorException.class);
            if (nav != null) {
                throw new EncoderException(nav.getMessage() + " (" + model + ")", e);
            }
            throw new EncoderException("model " + model + " rejected input 1x3x" + spec.inputHeight() + "x"
                    + spec.inputWidth() + " (" + inputHint + "): " + oneLine(e), e);
        }
        if (spec.outputDim() > 0 && out.length != spec.outputDim()) {
            throw new EncoderException("model " + model + " returns " + out.length + " values, its spec says outputDim "
                    + spec.outputDim());
        }
        return out.length;
    }

    static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** The deepest useful message of an exception chain, first line only (libtorch appends C++ traces). */
    static String oneLine(Throwable e) {
        String best = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                best = t.getMessage();
            }
        }
        if (best == null) {
            return e.getClass().getSimpleName();
        }
        // TorchScript errors start with "The following operation failed..." and name the cause in a later
        // "RuntimeError: ..." line; prefer that one
        String text = best.strip();
        String line = text.lines().map(String::strip).filter(l -> l.matches("\\w*(Error|Exception): .+"))
                .reduce((first, second) -> second)
                .orElseGet(() -> text.lines().filter(l -> !l.isBlank()).findFirst().orElse(text).strip());
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    /** First 16 hex digits of the SHA-256 of a file, or of a directory's files (names and contents, sorted). */
    private static String sha256Prefix(Path file) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            List<Path> files;
            if (Files.isDirectory(file)) {
                try (Stream<Path> walk = Files.walk(file)) {
                    files = walk.filter(Files::isRegularFile).sorted().toList();
                }
            } else {
                files = List.of(file);
            }
            byte[] buf = new byte[1 << 16];
            for (Path f : files) {
                if (!f.equals(file)) {
                    md.update(file.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
                }
                try (InputStream in = Files.newInputStream(f)) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        md.update(buf, 0, n);
                    }
                }
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new EncoderException("cannot read model " + file + ": " + oneLine(e), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
