package doppel.encodings;

import doppel.dataset.Dataset;
import doppel.dataset.ImageFile;
import doppel.encode.EncodedImage;
import doppel.encode.EncoderSpec;
import doppel.dataset.SkippedFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The fingerprints of a set of images, as saved in an encodings file (see {@link EncodingsIO}).
 *
 * @param spec     the encoder that made the fingerprints
 * @param datasets the datasets the images belong to
 * @param images   one entry per encoded image
 * @param skipped  files that could not be encoded
 */
public record Encodings(EncoderSpec spec, List<Dataset> datasets, List<EncodedImage> images, List<SkippedFile> skipped) {
    public Encodings {
        Objects.requireNonNull(spec, "spec");
        datasets = List.copyOf(datasets);
        images = List.copyOf(images);
        skipped = List.copyOf(skipped);
    }

    /** Merges encodings labelled "input 1", "input 2", ... in messages; see {@link #merge(List, List)}. */
    public static Encodings merge(List<Encodings> parts) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            labels.add("input " + (i + 1));
        }
        return merge(parts, labels);
    }

    /**
     * Merges encodings made by comparable encoders into one.
     * <ul>
     *   <li>Specs must be comparable ({@link EncoderSpec#incompatibilityWith}); otherwise an
     *       {@link EncodingsException} "cannot merge A (spec) with B (spec): reason". The result keeps the
     *       first spec.</li>
     *   <li>Datasets with the same name and root are one dataset; a later dataset with a taken name but
     *       another root is renamed "name-2", "name-3", ....</li>
     *   <li>An image present twice (same dataset and relative path) keeps the entry with the newer mtime,
     *       the later input on a tie; a skipped entry is dropped when the file was encoded elsewhere.</li>
     * </ul>
     *
     * @param parts  the encodings, at least one
     * @param labels a name for each part used in messages, typically its file name
     */
    public static Encodings merge(List<Encodings> parts, List<String> labels) {
        if (parts.isEmpty()) {
            throw new EncodingsException("nothing to merge");
        }
        EncoderSpec spec = parts.get(0).spec();
        for (int i = 1; i < parts.size(); i++) {
            EncoderSpec other = parts.get(i).spec();
            String why = spec.incompatibilityWith(other);
            if (why != null) {
                throw new EncodingsException("cannot merge " + labels.get(0) + " (" + spec.describe() + ") with "
                        + labels.get(i) + " (" + other.describe() + "): " + why);
            }
        }
        Map<String, Dataset> byName = new LinkedHashMap<>();
        Map<String, EncodedImage> images = new LinkedHashMap<>();
        Map<String, SkippedFile> skipped = new LinkedHashMap<>();
        for (Encodings part : parts) {
            Map<Dataset, Dataset> mapped = new HashMap<>();
            for (Dataset d : part.datasets()) {
                mapped.put(d, place(d, byName));
            }
            for (EncodedImage e : part.images()) {
                Dataset target = mapped.computeIfAbsent(e.file().dataset(), d -> place(d, byName));
                ImageFile f = e.file();
                EncodedImage rebound = target.equals(f.dataset()) ? e
                        : new EncodedImage(new ImageFile(target, f.relativePath(), f.size(), f.mtimeMillis()),
                                e.fingerprint(), e.variants(), e.width(), e.height());
                images.merge(rebound.file().key(), rebound,
                        (old, neu) -> neu.file().mtimeMillis() >= old.file().mtimeMillis() ? neu : old);
            }
            Map<String, String> names = new HashMap<>();
            mapped.forEach((from, to) -> names.put(from.name(), to.name()));
            for (SkippedFile s : part.skipped()) {
                String name = names.getOrDefault(s.dataset(), s.dataset());
                SkippedFile renamed = new SkippedFile(name, s.relativePath(), s.reason());
                skipped.put(renamed.key(), renamed);
            }
        }
        Set<String> encoded = new HashSet<>(images.keySet());
        List<SkippedFile> stillSkipped = skipped.values().stream().filter(s -> !encoded.contains(s.key())).toList();
        return new Encodings(spec, new ArrayList<>(byName.values()), new ArrayList<>(images.values()), stillSkipped);
    }

    /** The merged dataset for {@code d}: the same one when name and root match, else a renamed one. */
    private static Dataset place(Dataset d, Map<String, Dataset> byName) {
        String name = d.name();
        for (int n = 2; ; n++) {
            Dataset existing = byName.get(name);
            if (existing == null) {
                Dataset placed = name.equals(d.name()) ? d : new Dataset(name, d.root());
                byName.put(name, placed);
                return placed;
            }
            if (existing.root().equals(d.root())) {
                return existing;
            }
            name = d.name() + "-" + n;
        }
    }
}
