package doppel.search;

import ai.djl.Device;
import ai.djl.engine.Engine;
import doppel.encode.EncoderSpec;
import doppel.io.NativeLoad;
import java.util.Locale;

/** Picks the pair search that fits an encoder. */
public final class PairSearches {
    private PairSearches() {
    }

    /**
     * The search for fingerprints of {@code spec}: {@link HammingSearch} for hashes and digests,
     * {@link CosineSearch} for embeddings.
     *
     * @param workers threads for the search
     * @param device  for embeddings: {@code cpu} (the faster of the Java kernel and DJL on the CPU, measured),
     *                {@code gpu} (DJL on the first GPU; fails when PyTorch sees none) or {@code auto} (GPU when
     *                one is visible, else as {@code cpu}); ignored for hashes
     * @throws IllegalArgumentException for an unknown device name or {@code gpu} without a GPU
     */
    public static PairSearch forSpec(EncoderSpec spec, int workers, String device) {
        return forSpec(spec, workers, device, false, HnswCosineSearch.DEFAULT_K);
    }

    /**
     * As {@link #forSpec(EncoderSpec, int, String)}, or, with {@code approximate} and an embedding encoder, the
     * approximate {@link HnswCosineSearch} with its default {@code k} (it can miss pairs; see there).
     */
    public static PairSearch forSpec(EncoderSpec spec, int workers, String device, boolean approximate) {
        return forSpec(spec, workers, device, approximate, HnswCosineSearch.DEFAULT_K);
    }

    /**
     * As {@link #forSpec(EncoderSpec, int, String)}, or, with {@code approximate} and an embedding encoder, the
     * approximate {@link HnswCosineSearch} asking {@code hnswK} neighbours per image (CPU only: {@code device}
     * is then only checked). Hashes always get the exact {@link HammingSearch}: approximation would not pay
     * there, so {@code approximate} does not change them.
     *
     * @throws IllegalArgumentException for an unknown device name, {@code gpu} without a GPU, or {@code hnswK < 1}
     */
    public static PairSearch forSpec(EncoderSpec spec, int workers, String device, boolean approximate, int hnswK) {
        String dev = device == null ? "auto" : device.strip().toLowerCase(Locale.ROOT);
        if (!dev.equals("auto") && !dev.equals("cpu") && !dev.equals("gpu")) {
            throw new IllegalArgumentException("unknown device '" + device + "' (use auto, cpu or gpu)");
        }
        if (spec.metric() == EncoderSpec.Metric.HAMMING) {
            return new HammingSearch(workers);
        }
        if (approximate) {
            return new HnswCosineSearch(workers, hnswK);
        }
        return switch (dev) {
            case "gpu" -> {
                if (gpuCount() == 0) {
                    throw new IllegalArgumentException("--device gpu: PyTorch sees no GPU on this machine (use cpu or auto)");
                }
                yield new CosineSearch(workers, CosineSearch.Backend.DJL, Device.gpu());
            }
            case "auto" -> gpuCount() > 0
                    ? new CosineSearch(workers, CosineSearch.Backend.DJL, Device.gpu())
                    : new CosineSearch(workers, CosineSearch.Backend.AUTO, Device.cpu());
            default -> new CosineSearch(workers, CosineSearch.Backend.AUTO, Device.cpu());
        };
    }

    /** GPUs PyTorch can use, 0 when the engine cannot start (the Java kernel needs no engine). */
    private static int gpuCount() {
        try {
            NativeLoad.announce();
            return Engine.getEngine("PyTorch").getGpuCount();
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return 0;
        }
    }
}
