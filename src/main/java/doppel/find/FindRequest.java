package doppel.find;

import doppel.dataset.DatasetScanner;
import doppel.dataset.ImageFile;
import doppel.dataset.ScanOptions;
import doppel.dataset.ScanResult;
import doppel.encode.EncoderChoice;
import doppel.encode.EncoderRegistry;
import doppel.encode.EncoderSpec;
import doppel.dataset.SkippedFile;
import doppel.encodings.Encodings;
import doppel.image.ImageLoader;
import doppel.progress.Progress;
import doppel.search.KeepPolicy;
import doppel.verify.FeatureCache;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Finder} run looks for and does, built in the style of DJL's {@code Criteria}:
 *
 * <pre>{@code
 * FindRequest request = FindRequest.builder()
 *         .datasets(Path.of("train"), Path.of("test"))
 *         .keep(KeepPolicy.FIRST_DIR)
 *         .moveTo(Path.of("duplicates"))
 *         .build();
 * }</pre>
 *
 * Every setting has a default: pHash with imagededup's parameters, the encoder's default threshold, keep the
 * first dataset's image, search within and across datasets, and change nothing (an audit).
 */
public final class FindRequest {
    /** What happens to the files to remove. */
    public enum Action {
        /** Nothing: only find and describe them. */
        AUDIT,
        /** Move them into a target folder, journaled and undoable. */
        MOVE,
        /** Delete them, undoably: they go to a trash folder first. */
        DELETE
    }

    private final Path root;
    private final List<Path> datasets;
    private final List<Path> fileLists;
    private final ScanOptions scanOptions;
    private final Encodings encodingsIn;
    private final Path encodingsOut;
    private final EncoderChoice encoder;
    private final Double threshold;
    private final boolean crossOnly;
    private final KeepPolicy keep;
    private final boolean approximate;
    private final int hnswK;
    private final boolean thorough;
    /**
     * The re-check of the pairs just above the threshold that find, leak and merge-datasets run unless told
     * otherwise: where it is cheap (pHash), so that they find every pair imagededup finds.
     */
    public static final NearThreshold DEFAULT_NEAR_THRESHOLD = NearThreshold.RECHECK_WHERE_CHEAP;

    private final NearThreshold nearThreshold;
    private final FeatureCache featureCache;
    private final Action action;
    private final Path target;
    private final boolean dryRun;
    private final boolean confirm;
    private final Progress progress;

    private FindRequest(Builder b) {
        root = b.root;
        datasets = List.copyOf(b.datasets);
        fileLists = List.copyOf(b.fileLists);
        scanOptions = b.scanOptions;
        encodingsIn = b.saved;
        encodingsOut = b.encodingsOut;
        encoder = b.encoder;
        threshold = b.threshold;
        crossOnly = b.crossOnly;
        keep = b.keep;
        approximate = b.approximate;
        hnswK = b.hnswK;
        thorough = b.thorough;
        nearThreshold = b.nearThreshold;
        featureCache = b.featureCache;
        action = b.action;
        target = b.target;
        dryRun = b.dryRun;
        confirm = b.confirm;
        progress = b.progress;
    }

    /** A builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** True when the request names datasets on disk (not only saved encodings). */
    public boolean scans() {
        return !datasets.isEmpty() || !fileLists.isEmpty() || root != null;
    }

    /**
     * Scans every dataset named; datasets keep the order they were given in (a root's folders first, then
     * the file lists).
     */
    public ScanResult scan() {
        DatasetScanner scanner = new DatasetScanner(scanOptions);
        List<ScanResult> parts = new ArrayList<>();
        if (root != null) {
            if (datasets.isEmpty()) {
                throw new IllegalArgumentException("a root needs datasets relative to it");
            }
            parts.add(scanner.scanRoot(root, datasets.stream().map(Path::toString).toList()));
        } else if (!datasets.isEmpty()) {
            parts.add(scanner.scanDirs(datasets));
        }
        for (Path list : fileLists) {
            parts.add(scanner.scanFileList(list));
        }
        List<doppel.dataset.Dataset> ds = new ArrayList<>();
        List<ImageFile> files = new ArrayList<>();
        List<SkippedFile> skipped = new ArrayList<>();
        for (ScanResult part : parts) {
            ds.addAll(part.datasets());
            files.addAll(part.files());
            skipped.addAll(part.skipped());
        }
        return new ScanResult(ds, files, skipped);
    }

    /**
     * The encoder to run: the one set, or when none was set and encodings are reused, the one that made
     * them (so new files are encoded like the saved ones), else pHash.
     */
    public EncoderChoice encoderFor(Encodings saved) {
        return encoderFor(encoder, saved);
    }

    /** The rule of {@link #encoderFor(Encodings)} and {@link QueryRequest#encoder()}. */
    static EncoderChoice encoderFor(EncoderChoice set, Encodings saved) {
        if (set != null) {
            return set;
        }
        return saved != null ? choiceOf(saved.spec()) : defaultChoice(EncoderRegistry.DEFAULT_NAME, "8");
    }

    /** The choice that reproduces the fingerprints of {@code spec}, on every core. */
    static EncoderChoice choiceOf(EncoderSpec spec) {
        return EncoderChoice.forSpec(spec, Runtime.getRuntime().availableProcessors());
    }

    private static EncoderChoice defaultChoice(String name, String hashSize) {
        return new EncoderChoice(name, hashSize, false, false, Runtime.getRuntime().availableProcessors(),
                ImageLoader.DEFAULT_MAX_PIXELS, null, "auto", 32);
    }

    public ScanOptions scanOptions() {
        return scanOptions;
    }

    /** Saved encodings to reuse or search, or null. */
    public Encodings encodingsIn() {
        return encodingsIn;
    }

    public Path encodingsOut() {
        return encodingsOut;
    }

    /** The threshold set, or null for the encoder's default. */
    public Double threshold() {
        return threshold;
    }

    public boolean crossOnly() {
        return crossOnly;
    }

    public KeepPolicy keep() {
        return keep;
    }

    public boolean approximate() {
        return approximate;
    }

    public int hnswK() {
        return hnswK;
    }

    /**
     * Whether pairs of fast-decoded perceptual hashes a few bits above the threshold are hashed again the imagededup
     * way (see {@link CompatRecheck}).
     */
    public NearThreshold nearThreshold() {
        return nearThreshold;
    }

    /** Whether candidate pairs beyond the hash threshold are verified geometrically ({@code find --thorough}). */
    public boolean thorough() {
        return thorough;
    }

    /** Where keypoints of verified images are reused from and saved to (in memory only unless set). */
    public FeatureCache featureCache() {
        return featureCache;
    }

    public Action action() {
        return action;
    }

    /** The folder files are moved into ({@link Action#MOVE}) or whose trash they go to ({@link Action#DELETE}). */
    public Path target() {
        return target;
    }

    public boolean dryRun() {
        return dryRun;
    }

    /**
     * True when each removal pair is confirmed from the files before it counts (always when acting): both
     * files are fingerprinted again unless this run encoded them, and must still be within the threshold.
     */
    public boolean confirms() {
        return confirm || action != Action.AUDIT;
    }

    public Progress progress() {
        return progress;
    }

    /** Builds a {@link FindRequest}; every setter returns the builder. */
    public static final class Builder extends ScanBuilder<Builder> {
        private Path root;
        private final List<Path> datasets = new ArrayList<>();
        private final List<Path> fileLists = new ArrayList<>();
        private Path encodingsOut;
        private boolean crossOnly;
        private KeepPolicy keep = KeepPolicy.FIRST_DIR;
        private boolean thorough;
        private FeatureCache featureCache = FeatureCache.inMemory();
        private Action action = Action.AUDIT;
        private Path target;
        private boolean dryRun;
        private boolean confirm;

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /** Dataset folders, searched recursively, in precedence order (first = kept under first-dir). */
        public Builder datasets(Path... dirs) {
            return datasets(Arrays.asList(dirs));
        }

        /** As {@link #datasets(Path...)}. */
        public Builder datasets(List<Path> dirs) {
            datasets.addAll(dirs);
            return this;
        }

        /** A root that the datasets are relative to. */
        public Builder root(Path root) {
            this.root = root;
            return this;
        }

        /** Text files listing image paths, one per line; each list is one dataset. */
        public Builder fileLists(List<Path> lists) {
            fileLists.addAll(lists);
            return this;
        }

        /** Saves the encodings of the run to this file. */
        public Builder encodingsOut(Path file) {
            this.encodingsOut = file;
            return this;
        }

        /** Only pairs across datasets (train/test leakage); the first dataset's image is kept. */
        public Builder crossOnly(boolean crossOnly) {
            this.crossOnly = crossOnly;
            return this;
        }

        /** Which image of a group stays. */
        public Builder keep(KeepPolicy keep) {
            this.keep = Objects.requireNonNull(keep);
            return this;
        }

        /**
         * pHash only: also propose pairs far beyond the threshold (rotations, flips, trimmed borders, crops) and keep
         * those that ORB keypoints verify as a plausible crop, scale, rotation or mirror ({@link doppel.verify.Thorough}).
         */
        public Builder thorough(boolean thorough) {
            this.thorough = thorough;
            return this;
        }

        /** Reuse and update the keypoints saved in {@code cache} ({@code --feature-cache}). */
        public Builder featureCache(FeatureCache cache) {
            this.featureCache = Objects.requireNonNull(cache);
            return this;
        }

        /** Move the files to remove into {@code dir}, as dir/&lt;dataset&gt;/&lt;path&gt;. */
        public Builder moveTo(Path dir) {
            this.action = Action.MOVE;
            this.target = Objects.requireNonNull(dir);
            return this;
        }

        /** Delete the files to remove, undoably, through {@code trash} (e.g. ./duplicates). */
        public Builder delete(Path trash) {
            this.action = Action.DELETE;
            this.target = Objects.requireNonNull(trash);
            return this;
        }

        /** As {@link #delete(Path)} through ./duplicates, as {@code find --delete} does. */
        public Builder delete() {
            return delete(Path.of(doppel.act.ActionPlanner.DEFAULT_DIR));
        }

        /** With an action: only say what would be done. */
        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /** Confirm every removal pair from the files even without an action (e.g. before writing a plan). */
        public Builder confirm(boolean confirm) {
            this.confirm = confirm;
            return this;
        }

        public FindRequest build() {
            return new FindRequest(this);
        }
    }
}
