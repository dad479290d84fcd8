package doppel.cli;

import doppel.encode.EncoderChoice;
import doppel.encode.EncoderRegistry;
import doppel.find.FindRequest;
import doppel.find.NearThreshold;
import doppel.image.ImageLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How images are encoded: which encoder and its parameters. */
final class EncoderOptions {
    /**
     * The options a command that only embeds single images (score) has no use for: hash parameters, and the
     * dihedral variants, which only matter to a search; such commands leave them out, so these fields start at
     * their defaults without picocli.
     */
    static final java.util.List<String> HASH_ONLY = java.util.List.of("--hash-size", "--compat", "--dihedral");

    @Option(names = {"-e", "--encoder"}, paramLabel = "NAME", converter = EncoderConverter.class,
            completionCandidates = EncoderConverter.class,
            description = "One of ${COMPLETION-CANDIDATES} (default " + EncoderRegistry.DEFAULT_NAME + "): perceptual hashes (imagededup's definitions), "
                    + "digests of the bytes (byte-identical files only), or embeddings from a TorchScript model (see --model).")
    EncoderRegistry.Entry encoder;

    @Option(names = "--hash-size", paramLabel = "N|WxH", defaultValue = "8",
            description = "Hash size: N gives NxN bits (default 8 = 64 bits, as imagededup); WxH for dhash/ahash, "
                    + "e.g. 64x32 for a 2048-bit dHash.")
    String hashSize = "8";

    /** --compat values. */
    enum Compat { NONE, RECHECK, IMAGEDEDUP }

    /** --device values. */
    enum Device { AUTO, CPU, GPU }

    @Option(names = "--compat", paramLabel = "MODE",
            description = "imagededup: reproduce imagededup's hash values bit for bit (full decode, PIL Lanczos); "
                    + "recheck (find, leak, merge-datasets): fast hashes, and the pairs a few bits above the threshold "
                    + "hashed again the imagededup way, so no pair imagededup finds is missed (their default for phash; "
                    + "costly with dhash, ahash and whash); none: the fast hashes' pairs alone (same definitions, faster "
                    + "reduced-size decoding; the default elsewhere).")
    Compat compat;

    @Option(names = "--dihedral",
            description = "Also match rotated (90/180/270) and flipped copies of an image (perceptual hashes; "
                    + "cnn/clip embed the eight variants, 8x the model time).")
    boolean dihedral;

    @Option(names = "--workers", paramLabel = "N", description = "Worker threads for decoding and hashing "
            + "(default: all cores).")
    Integer workers;

    @Option(names = "--max-pixels", paramLabel = "N", defaultValue = "" + ImageLoader.DEFAULT_MAX_PIXELS,
            description = "Refuse images with more pixels than this (decompression bombs); default ${DEFAULT-VALUE}.")
    long maxPixels;

    @Option(names = "--model", paramLabel = "FILE|URL",
            description = "TorchScript model for --encoder cnn|clip, with its spec JSON beside it "
                    + "(offline default: models/doppel-filterbank-v1.pt); or, online (DJL_OFFLINE=false), a DJL "
                    + "model zoo URL such as djl://ai.djl.pytorch/resnet18_embedding or an https:// model archive.")
    String model;

    @Option(names = "--device", paramLabel = "auto|cpu|gpu", defaultValue = "auto",
            description = "Where embeddings and cosine search run: auto (GPU when DJL sees one), cpu or gpu.")
    Device device;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32",
            description = "Images per model call for cnn/clip (default ${DEFAULT-VALUE}).")
    int batchSize;

    /** --device as the lower-case name the encoders and searches take. */
    String deviceName() {
        return device.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The encoder's name: the one given, else the default. */
    String name() {
        return encoder == null ? EncoderRegistry.DEFAULT_NAME : encoder.name();
    }

    boolean encoderGiven() {
        return encoder != null;
    }

    int workerCount() {
        int w = workers == null ? Runtime.getRuntime().availableProcessors() : workers;
        if (w < 1) {
            throw new UsageException("--workers must be at least 1");
        }
        return w;
    }

    /**
     * The encoder to run: the one named, or when none was named and encodings are reused, the one that
     * made them (so {@code find --dirs A --encodings-in a.json} re-encodes only new files with the same encoder).
     */
    EncoderChoice choiceOrSaved(doppel.encodings.Encodings saved) {
        if (encoder == null && saved != null) {
            // The saved spec's encoder settings, read as the API reads them (EncoderChoice.forSpec); the run's
            // own settings (workers, pixel limit, model, device, batch size) stay the command line's.
            EncoderChoice made = EncoderChoice.forSpec(saved.spec(), 1);
            if (!EncoderRegistry.isKnown(made.name())) {
                throw new UsageException(Choices.unknown("encoder", made.name(), EncoderRegistry.names()).getMessage()
                        + " in --encodings-in; name the encoder that made it with --encoder");
            }
            encoder = EncoderRegistry.get(made.name());
            if (made.hashSize() != null) {
                hashSize = made.hashSize();
            }
            if (made.compatImagededup()) {
                compat = Compat.IMAGEDEDUP;
            }
            dihedral |= made.dihedral();
        }
        return choice();
    }

    /**
     * When find hashes the pairs just above the threshold again the imagededup way: always with {@code --compat
     * recheck}, never with {@code none} or {@code imagededup}, and where it is cheap (pHash) when not given.
     */
    NearThreshold nearThreshold() {
        if (compat == null) {
            return FindRequest.DEFAULT_NEAR_THRESHOLD;
        }
        return compat == Compat.RECHECK ? NearThreshold.RECHECK : NearThreshold.FAST_ONLY;
    }

    /** Set by the commands that act on {@code --compat recheck} (find, leak, merge-datasets); the others refuse it. */
    private boolean recheckAllowed;

    /** Called by a command that acts on {@link #nearThreshold}. */
    void allowRecheck() {
        recheckAllowed = true;
    }

    /** The encoder the options describe ({@code phash} when none was named). */
    EncoderChoice choice() {
        if (compat == Compat.RECHECK && !recheckAllowed) {
            throw new UsageException("--compat recheck works with find, leak and merge-datasets only (use --compat imagededup for "
                    + "imagededup's hash values)");
        }
        if (batchSize < 1) {
            throw new UsageException("--batch-size must be at least 1");
        }
        if (maxPixels < 1) {
            throw new UsageException("--max-pixels must be positive");
        }
        String name = name();
        if (dihedral && EncoderRegistry.get(name).kind() == EncoderRegistry.Kind.DIGEST) {
            java.util.List<String> variantable = new java.util.ArrayList<>(EncoderRegistry.names(EncoderRegistry.Kind.PERCEPTUAL_HASH));
            variantable.addAll(EncoderRegistry.names(EncoderRegistry.Kind.EMBEDDING));
            throw new UsageException("--dihedral works with the perceptual hashes and the embeddings ("
                    + String.join(", ", variantable) + "), not " + name);
        }
        return new EncoderChoice(name, hashSize,
                compat == Compat.IMAGEDEDUP, dihedral, workerCount(), maxPixels, modelPath(), modelUrl(),
                deviceName(), batchSize);
    }

    /** --model as a URL ({@code scheme://...}), else null. */
    private String modelUrl() {
        return model != null && model.matches("[A-Za-z][A-Za-z0-9+.-]*://.+") ? model.strip() : null;
    }

    /** --model as a local file, else null. */
    private Path modelPath() {
        if (model == null || modelUrl() != null) {
            return null;
        }
        try {
            return Path.of(model);
        } catch (java.nio.file.InvalidPathException e) {
            throw new UsageException("--model: not a file path or URL: " + model);
        }
    }
}
