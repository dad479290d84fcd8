package doppel.pipeline;

import doppel.dataset.Dataset;
import doppel.dataset.ImageFile;
import doppel.encode.EncodeSink;
import doppel.encode.EncodedImage;
import doppel.encode.Encoder;
import doppel.dataset.SkippedFile;
import doppel.encodings.Encodings;
import doppel.encodings.EncodingsReuse;
import doppel.encodings.ReusePlan;
import doppel.progress.Progress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes a set of image files, reusing saved encodings for files that have not changed. The library
 * entry point behind {@code doppel encode} and {@code doppel find --dirs}.
 */
public final class EncodePipeline {
    private EncodePipeline() {
    }

    /**
     * What an encoding run did: the encodings plus how many were reused.
     *
     * @param savedKeys   keys of the images whose fingerprints were taken from saved encodings (reused); every other
     *                    image was fingerprinted from its file in this run. Usually none: kept as the short list
     *                    (the keys of every encoded image cost 0.16 s on 84,000 files, BENCHMARKS.md)
     * @param sha256      SHA-256 by key of the files the encoder read whole in this run, where it reported them
     *                    ({@link EncodeSink#contentSha256})
     */
    public record Outcome(Encodings encodings, int reused, int encoded, java.util.Set<String> savedKeys,
                          Map<String, String> sha256) {
        public Outcome {
            savedKeys = java.util.Set.copyOf(savedKeys);
            sha256 = Map.copyOf(sha256);
        }
    }

    /**
     * Encodes {@code files} (found in {@code datasets}) with {@code encoder}; images found in {@code saved}
     * with the same encoder, size and mtime are taken from there. Scan-time skips are carried over. The images come
     * out in the order of {@code files} (a scan's order: by dataset, then path), whatever order the workers finish in.
     *
     * @param saved earlier encodings to reuse, or null
     */
    public static Outcome run(List<Dataset> datasets, List<ImageFile> files, List<SkippedFile> scanSkipped,
                              Encoder encoder, Encodings saved, Progress progress) {
        ReusePlan plan = EncodingsReuse.plan(saved, encoder.spec(), files);
        List<EncodedImage> images = new ArrayList<>(plan.reused());
        List<SkippedFile> skipped = new ArrayList<>(scanSkipped);
        List<EncodedImage> fresh = new ArrayList<>();
        List<SkippedFile> freshSkipped = new ArrayList<>();
        Map<String, String> sha256 = new HashMap<>();
        if (!plan.toEncode().isEmpty()) {
            progress.start("encode " + encoder.spec().name(), plan.toEncode().size());
            encoder.encode(plan.toEncode(), new EncodeSink() {
                @Override
                public synchronized void encoded(EncodedImage image) {
                    fresh.add(image);
                }

                @Override
                public synchronized void skipped(SkippedFile file) {
                    freshSkipped.add(file);
                }

                @Override
                public synchronized void contentSha256(ImageFile file, String hex) {
                    sha256.put(file.key(), hex);
                }
            }, progress);
            progress.close();
        }
        images.addAll(fresh);
        skipped.addAll(freshSkipped);
        images = inOrderOf(files, images);
        skipped.sort(Comparator.comparing(SkippedFile::dataset).thenComparing(SkippedFile::relativePath));
        return new Outcome(new Encodings(encoder.spec(), datasets, images, skipped), plan.reused().size(), fresh.size(),
                plan.reused().stream().map(e -> e.file().key()).collect(java.util.stream.Collectors.toSet()), sha256);
    }

    /**
     * {@code images} in the order of their files in {@code files}: placed by position, not sorted, as sorting
     * 100,000 images cost more (mostly compiling the sort) than the rest of an exact-duplicate search.
     */
    private static List<EncodedImage> inOrderOf(List<ImageFile> files, List<EncodedImage> images) {
        Map<ImageFile, Integer> position = new HashMap<>(files.size() * 2);
        for (int i = 0; i < files.size(); i++) {
            position.putIfAbsent(files.get(i), i);
        }
        EncodedImage[] slots = new EncodedImage[files.size()];
        for (EncodedImage e : images) {
            slots[position.get(e.file())] = e; // every encoder reports the files it was given
        }
        List<EncodedImage> ordered = new ArrayList<>(images.size());
        for (EncodedImage e : slots) {
            if (e != null) {
                ordered.add(e);
            }
        }
        return ordered;
    }
}
