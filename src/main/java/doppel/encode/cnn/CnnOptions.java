package doppel.encode.cnn;

import doppel.encode.EncoderRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Settings of a CNN / CLIP embedding encoder.
 *
 * @param name        encoder name, {@code cnn} or {@code clip} (recorded in the encodings' spec)
 * @param modelOrNull local TorchScript file ({@code .pt}) with its spec JSON beside it, or null
 * @param modelUrl    remote model for users online ({@code djl://...} or {@code https://...}), or null;
 *                    ignored when a local model is given
 * @param device      {@code auto} (GPU when PyTorch sees one), {@code cpu} or {@code gpu}
 * @param batchSize   images per engine call (32 by default; halved automatically on out-of-memory)
 * @param workers     decode/preprocess threads feeding the engine
 * @param maxPixels   images with more pixels are skipped (see {@link doppel.image.ImageLoader})
 * @param dihedral    also embed the seven rotations and flips of each image (its {@code variants}), decoded once
 * @param variantDatasets with {@code dihedral}, the names of the datasets whose images get variants, or null for
 *                    every dataset: a search that only pairs images across sides scores a pair by one side's
 *                    variants against the other's original, so the other side needs none ({@code leak})
 */
public record CnnOptions(String name, Path modelOrNull, String modelUrl, String device, int batchSize, int workers,
                         long maxPixels, boolean dihedral, Set<String> variantDatasets) {
    /** Default images per engine call. */
    public static final int DEFAULT_BATCH = 32;

    public CnnOptions {
        name = name == null ? "cnn" : name;
        List<String> embeddings = EncoderRegistry.names(EncoderRegistry.Kind.EMBEDDING);
        if (!embeddings.contains(name)) {
            throw new IllegalArgumentException("encoder name must be one of " + embeddings + ", not '" + name + "'");
        }
        device = device == null ? "auto" : device;
        if (!device.equals("auto") && !device.equals("cpu") && !device.equals("gpu")) {
            throw new IllegalArgumentException("--device must be auto, cpu or gpu, not '" + device + "'");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("--batch-size must be positive, not " + batchSize);
        }
        if (workers <= 0) {
            throw new IllegalArgumentException("--workers must be positive, not " + workers);
        }
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("--max-pixels must be positive, not " + maxPixels);
        }
        variantDatasets = variantDatasets == null ? null : Set.copyOf(variantDatasets);
    }

    /** Options whose dihedral variants, when asked for, cover every dataset. */
    public CnnOptions(String name, Path modelOrNull, String modelUrl, String device, int batchSize, int workers,
                      long maxPixels, boolean dihedral) {
        this(name, modelOrNull, modelUrl, device, batchSize, workers, maxPixels, dihedral, null);
    }

    /** Whether the images of dataset {@code name} get their dihedral variants embedded. */
    public boolean variantsFor(String dataset) {
        return dihedral && (variantDatasets == null || variantDatasets.contains(dataset));
    }

    /** The same options with variants for the images of {@code datasets} only (null: every dataset). */
    public CnnOptions withVariantDatasets(Set<String> datasets) {
        return new CnnOptions(name, modelOrNull, modelUrl, device, batchSize, workers, maxPixels, dihedral, datasets);
    }

    /** Options without dihedral variants. */
    public CnnOptions(String name, Path modelOrNull, String modelUrl, String device, int batchSize, int workers,
                      long maxPixels) {
        this(name, modelOrNull, modelUrl, device, batchSize, workers, maxPixels, false);
    }

    /** A local model with defaults: device auto, batch 32, one decode thread, the default pixel limit. */
    public static CnnOptions local(String name, Path model) {
        return new CnnOptions(name, model, null, "auto", DEFAULT_BATCH, 1, doppel.image.ImageLoader.DEFAULT_MAX_PIXELS);
    }

    /** The same options with another device. */
    public CnnOptions withDevice(String newDevice) {
        return new CnnOptions(name, modelOrNull, modelUrl, newDevice, batchSize, workers, maxPixels, dihedral,
                variantDatasets);
    }

    /** The same options with another batch size. */
    public CnnOptions withBatchSize(int newBatch) {
        return new CnnOptions(name, modelOrNull, modelUrl, device, newBatch, workers, maxPixels, dihedral,
                variantDatasets);
    }

    /** The same options with another number of decode threads. */
    public CnnOptions withWorkers(int newWorkers) {
        return new CnnOptions(name, modelOrNull, modelUrl, device, batchSize, newWorkers, maxPixels, dihedral,
                variantDatasets);
    }
}
