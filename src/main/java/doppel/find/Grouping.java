package doppel.find;

import doppel.act.PlanFile;
import doppel.act.RemovalProof;
import doppel.dataset.Dataset;
import doppel.dataset.SkippedFile;
import doppel.encode.EncodedImage;
import doppel.encode.EncoderSpec;
import doppel.encode.Threshold;
import doppel.io.Sha256;
import doppel.progress.Progress;
import doppel.search.DuplicateFinder;
import doppel.search.DuplicateGroup;
import doppel.search.DuplicateResult;
import doppel.search.KeepPolicy;
import doppel.search.Match;
import doppel.search.PairSearch;
import doppel.search.SearchOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The second half of the find use case for pairs found by another search, such as the Spark job's distributed
 * one: the pairs grouped, the image to keep chosen and the files to remove decided by the same rules as
 * {@link Finder} (the threshold checked against the encoder, the keep policy, cross-dataset mode, removal only
 * for a kept direct duplicate), then listed or written as a plan.
 *
 * <pre>{@code
 * Grouping g = Grouping.of(datasets, spec, images, List.of(), pairs, Threshold.of(null, spec), false, KeepPolicy.FIRST_DIR);
 * g.toRemove().forEach(System.out::println);
 * }</pre>
 *
 * Unlike {@link Finder} it reads no file: removals are not confirmed from the files nor verified geometrically
 * (the pairs may come from fingerprints of files elsewhere); {@code doppel apply} confirms each line of the plan.
 */
public final class Grouping {
    private final DuplicateResult result;

    private Grouping(DuplicateResult result) {
        this.result = result;
    }

    /**
     * Groups pairs already found.
     *
     * @param datasetsInOrder datasets in precedence order (first = kept under first-dir and in cross-dataset mode)
     * @param images          the images the pairs index
     * @param skipped         files that could not be encoded (carried into the result)
     * @param pairs           every pair within {@code threshold}, each once; in cross-dataset mode only those across
     *                        datasets
     * @throws IllegalArgumentException when the threshold does not fit the encoder
     */
    public static Grouping of(List<Dataset> datasetsInOrder, EncoderSpec spec, List<EncodedImage> images,
                              List<SkippedFile> skipped, List<Match> pairs, Threshold threshold, boolean crossOnly,
                              KeepPolicy keep) {
        List<Match> found = List.copyOf(pairs);
        return new Grouping(search(datasetsInOrder, spec, images, skipped, threshold.value(), crossOnly, keep,
                (imgs, opts, progress) -> found, Progress.NONE));
    }

    /**
     * Runs {@code search} and groups its pairs: the rule {@link Finder} and {@link #of} share.
     *
     * @param threshold the threshold given, or null for the encoder's default
     */
    static DuplicateResult search(List<Dataset> datasetsInOrder, EncoderSpec spec, List<EncodedImage> images,
                                  List<SkippedFile> skipped, Double threshold, boolean crossOnly, KeepPolicy keep,
                                  PairSearch search, Progress progress) {
        SearchOptions options = new SearchOptions(Threshold.of(threshold, spec).value(), crossOnly);
        return DuplicateFinder.find(datasetsInOrder, spec, images, skipped, options, keep, search, progress);
    }

    /** Images, pairs and groups, with the search's settings. */
    public DuplicateResult result() {
        return result;
    }

    /** Duplicate groups, largest first: one kept image and the images removed for it. */
    public List<DuplicateGroup> groups() {
        return result.groups();
    }

    /** The files to remove, each with its kept image and score, in group order; digests are not read here (null). */
    public List<Removal> removals() {
        return removals(result);
    }

    /** Every removed member of {@code result}'s groups with its kept image (the pairs are direct, by fingerprint). */
    static List<Removal> removals(DuplicateResult result) {
        List<Removal> out = new ArrayList<>();
        for (int g = 0; g < result.groups().size(); g++) {
            DuplicateGroup group = result.groups().get(g);
            for (int m : group.removed()) {
                out.add(new Removal(result.images().get(m).file(), result.images().get(group.kept()).file(), g,
                        group.scores().get(group.members().indexOf(m)), null, null, RemovalProof.FINGERPRINT));
            }
        }
        return out;
    }

    /** Paths of the files to remove, in group order. */
    public List<Path> toRemove() {
        return removals().stream().map(r -> r.file().path()).toList();
    }

    /**
     * Writes the files to remove as a plan for {@code doppel apply}, with the SHA-256 of each file and of its kept
     * image read now (so the files must be reachable as local paths).
     *
     * @throws UncheckedIOException when a file cannot be read
     */
    public void writePlan(Path file) {
        Map<String, String> digests = new HashMap<>();
        List<Removal> withDigests = new ArrayList<>();
        for (Removal r : removals()) {
            withDigests.add(new Removal(r.file(), r.kept(), r.group(), r.score(), sha256(r.file().path(), digests),
                    sha256(r.kept().path(), digests), r.proof()));
        }
        writePlan(result, withDigests, file);
    }

    /** Writes {@code removals} of {@code result} as a plan: the plan writer {@link FindRun} shares. */
    static void writePlan(DuplicateResult result, List<Removal> removals, Path file) {
        List<PlanFile.Entry> entries = new ArrayList<>();
        for (Removal r : removals) {
            entries.add(new PlanFile.Entry(r.file(), r.sha256(), r.group(), r.kept(), r.keptSha256(),
                    Double.isNaN(r.score()) ? null : r.score(), r.proof()));
        }
        PlanFile.write(file, new PlanFile.Header(result.keep().cliName(), result.spec(),
                result.options().threshold(), result.options().crossOnly()), result.datasets(), entries);
    }

    private static String sha256(Path path, Map<String, String> digests) {
        return digests.computeIfAbsent(path.toString(), p -> {
            try {
                return Sha256.of(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path + " for its SHA-256: " + e.getMessage(), e);
            }
        });
    }
}
