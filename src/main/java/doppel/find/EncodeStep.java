package doppel.find;

import doppel.dataset.Dataset;
import doppel.dataset.ScanResult;
import doppel.encode.EncodedImage;
import doppel.encode.Encoder;
import doppel.encode.EncoderChoice;
import doppel.encode.EncoderSpec;
import doppel.encode.factory.Encoders;
import doppel.encode.hash.HashEncoders;
import doppel.encode.hash.StagedDigestEncoder;
import doppel.dataset.SkippedFile;
import doppel.encodings.Encodings;
import doppel.encodings.EncodingsIO;
import doppel.pipeline.EncodePipeline;
import doppel.progress.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The first step of every searching use case: scan and encode the inputs (reusing saved encodings for
 * unchanged files), or take the saved encodings alone, and save them when asked.
 */
public final class EncodeStep {
    /**
     * The encodings to search and what it took to get them.
     *
     * @param savedKeys   keys of the images whose fingerprints were taken from saved encodings (reused, or of a
     *                    dataset known only from them); every other image was fingerprinted from its file in this run
     * @param scanned     names of the datasets scanned on disk in this run (empty when only saved encodings were used)
     * @param sha256      SHA-256 by key of the files read whole for their fingerprints in this run, where the encoder
     *                    has it (content digests): the digests results and plans record, without a second read
     */
    public record Outcome(Encodings encodings, int encoded, int reused, double encodeSeconds, String runtimeNote,
                         Set<String> savedKeys, Set<String> scanned, Map<String, String> sha256) {
        public Outcome {
            savedKeys = Set.copyOf(savedKeys);
            scanned = Set.copyOf(scanned);
            sha256 = Map.copyOf(sha256);
        }

        /** "encode 3.1 s, 412 images/s" or "encode -" when everything was reused. */
        public String describeTime() {
            return encoded > 0
                    ? String.format("encode %.1f s, %.0f images/s", encodeSeconds, encoded / Math.max(encodeSeconds, 1e-9))
                    : "encode -";
        }
    }

    private EncodeStep() {
    }

    /**
     * Encodes what {@code scan} finds with {@code choice}, reusing {@code saved} for unchanged files and adding
     * the saved datasets that were not scanned; or, without a scan, returns {@code saved} as it is.
     *
     * @param scan          finds the files on disk, or null when the run works on saved encodings only
     * @param saved         merged saved encodings, or null
     * @param choice        the encoder (ignored without a scan)
     * @param encodingsOut  where to save the encodings of this run, or null
     * @throws IllegalArgumentException when there is nothing to search, or saved encodings were made by another encoder
     */
    public static Outcome run(Supplier<ScanResult> scan, Encodings saved, EncoderChoice choice, Path encodingsOut,
                              Progress progress) {
        return run(scan, saved, choice, encodingsOut, progress, datasets -> null);
    }

    /**
     * As {@link #run(Supplier, Encodings, EncoderChoice, Path, Progress)}, for a search that needs the dihedral
     * variants of some datasets' embeddings only ({@code leak}: the query side's).
     *
     * @param variantsFor the names of the datasets whose images need variants, from the datasets scanned (null:
     *                    every dataset); ignored when the encodings are saved, since a saved file serves any later
     *                    search
     */
    public static Outcome run(Supplier<ScanResult> scan, Encodings saved, EncoderChoice choice, Path encodingsOut,
                              Progress progress, Function<List<Dataset>, Set<String>> variantsFor) {
        if (scan == null) {
            if (saved == null) {
                throw new IllegalArgumentException("nothing to search: give datasets or saved encodings");
            }
            return new Outcome(saved, 0, saved.images().size(), 0, "", keys(saved.images()), Set.of(), Map.of());
        }
        boolean searchOnly = saved == null && encodingsOut == null;
        // started first, so that it runs while the scan below keeps one core busy
        HashEncoders.warmUp(choice.name(), searchOnly);
        ScanResult found = scan.get();
        long start = System.nanoTime();
        Encodings encodings;
        EncodePipeline.Outcome outcome;
        String note;
        Encoder created = Encoders.create(choice, encodingsOut == null ? variantsFor.apply(found.datasets()) : null);
        // Digests that are searched and dropped need reading only the files whose size collides (as jdupes);
        // saved encodings hold every file's real digest.
        try (Encoder encoder = StagedDigestEncoder.wrap(created, searchOnly)) {
            requireComparable(saved, encoder.spec());
            outcome = EncodePipeline.run(found.datasets(), found.files(), found.skipped(), encoder, saved, progress);
            encodings = withUnscannedDatasets(outcome.encodings(), saved);
            note = encoder.runtimeNote();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (encodingsOut != null) {
            EncodingsIO.write(encodings, encodingsOut);
        }
        Set<String> scanned = new HashSet<>();
        found.datasets().forEach(d -> scanned.add(d.name()));
        // Images of the datasets known only from saved encodings were not fingerprinted in this run either.
        Set<String> savedKeys = new HashSet<>(outcome.savedKeys());
        savedKeys.addAll(keys(encodings.images().subList(outcome.encodings().images().size(), encodings.images().size())));
        return new Outcome(encodings, outcome.encoded(), outcome.reused(), seconds, note, savedKeys, scanned,
                outcome.sha256());
    }

    private static Set<String> keys(List<EncodedImage> images) {
        Set<String> keys = new HashSet<>();
        images.forEach(e -> keys.add(e.file().key()));
        return keys;
    }

    /**
     * Refuses to reuse encodings made by a different encoder than the one this run uses.
     *
     * @throws IllegalArgumentException naming both encoders and why they differ
     */
    public static void requireComparable(Encodings saved, EncoderSpec current) {
        if (saved == null) {
            return;
        }
        String why = saved.spec().incompatibilityWith(current);
        if (why != null) {
            throw new IllegalArgumentException("the saved encodings were made by " + saved.spec().describe()
                    + " but this run encodes with " + current.describe() + " (" + why + ")");
        }
    }

    /**
     * Adds the datasets of the saved encodings that this run did not scan, so that loading b.json while
     * scanning A searches A and B together (cross-dataset detection with saved encodings).
     */
    private static Encodings withUnscannedDatasets(Encodings scanned, Encodings saved) {
        if (saved == null) {
            return scanned;
        }
        Set<String> scannedNames = new HashSet<>();
        for (Dataset d : scanned.datasets()) {
            scannedNames.add(d.name());
        }
        List<Dataset> datasets = new ArrayList<>(scanned.datasets());
        List<EncodedImage> images = new ArrayList<>(scanned.images());
        List<SkippedFile> skipped = new ArrayList<>(scanned.skipped());
        for (Dataset d : saved.datasets()) {
            if (scannedNames.contains(d.name())) {
                continue;
            }
            datasets.add(d);
            for (EncodedImage e : saved.images()) {
                if (e.file().dataset().name().equals(d.name())) {
                    images.add(e);
                }
            }
            for (SkippedFile s : saved.skipped()) {
                if (s.dataset().equals(d.name())) {
                    skipped.add(s);
                }
            }
        }
        return new Encodings(scanned.spec(), datasets, images, skipped);
    }
}
