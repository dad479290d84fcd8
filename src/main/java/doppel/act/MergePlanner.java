package doppel.act;

import doppel.dataset.Dataset;
import doppel.dataset.ImageFile;
import doppel.dataset.SidecarFinder;
import doppel.search.DuplicateGroup;
import doppel.search.DuplicateResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans merging several datasets into one tree without their duplicates: every searched image that is not
 * a removed member of a duplicate group is copied (or hard-linked) to {@code <into>/<dataset>/<relative
 * path>} with its sidecars; removed members stay out. With a search under
 * {@link doppel.search.KeepPolicy#FIRST_DIR}, the dataset given first wins each group, so an image is
 * left out exactly when an image from an earlier dataset (or an earlier path in the same one) is taken.
 * Run the plan with {@link ActionRunner}; it is journaled and {@link Undo} removes what it created.
 */
public final class MergePlanner {
    private MergePlanner() {
    }

    /**
     * A merge ready to run.
     *
     * @param plan       the copies (kind {@link ActionPlan.Kind#COPY} or {@link ActionPlan.Kind#LINK})
     * @param duplicates the images left out, in group order
     */
    public record Merge(ActionPlan plan, List<LeftOut> duplicates) {
        public Merge {
            duplicates = List.copyOf(duplicates);
        }

        /** Number of images (not sidecars) the plan copies. */
        public long images() {
            return plan.operations().stream().filter(op -> !op.sidecar()).count();
        }
    }

    /**
     * An image not copied because it duplicates one that is.
     *
     * @param image       the image left out
     * @param duplicateOf the group's kept image, which is copied
     * @param score       distance or similarity to {@code duplicateOf}, NaN when linked only through others
     */
    public record LeftOut(ImageFile image, ImageFile duplicateOf, double score) {
    }

    /**
     * Plans the merge of the images of {@code result} into {@code into}.
     *
     * @param link     hard-link instead of copying (the runner copies where linking is impossible)
     * @param sidecars finds the annotation files that go with each copied image
     * @param sha256   SHA-256 by image key taken earlier in this run, which the copies are checked against instead of
     *                 digesting their sources again (see {@link ActionPlanner#copy})
     * @throws IllegalArgumentException when {@code into} lies inside a dataset or a dataset inside it (the
     *                                  merge would then copy into what it reads)
     */
    public static Merge plan(DuplicateResult result, Path into, boolean link, SidecarFinder sidecars,
                             Map<String, String> sha256) {
        Path target = into.toAbsolutePath().normalize();
        requireApart(target, result.datasets());
        Map<String, Integer> rank = new HashMap<>();
        for (Dataset d : result.datasets()) {
            rank.putIfAbsent(d.name(), rank.size());
        }
        Set<Integer> removed = new HashSet<>();
        List<LeftOut> leftOut = new ArrayList<>();
        for (DuplicateGroup g : result.groups()) {
            ImageFile kept = result.images().get(g.kept()).file();
            for (int m : g.removed()) {
                removed.add(m);
                leftOut.add(new LeftOut(result.images().get(m).file(), kept, g.scores().get(g.members().indexOf(m))));
            }
        }
        List<ImageFile> toCopy = new ArrayList<>();
        for (int i = 0; i < result.images().size(); i++) {
            if (!removed.contains(i)) {
                toCopy.add(result.images().get(i).file());
            }
        }
        toCopy.sort(Comparator.<ImageFile>comparingInt(f -> rank.getOrDefault(f.dataset().name(), Integer.MAX_VALUE))
                .thenComparing(ImageFile::relativePath));
        return new Merge(ActionPlanner.copy(toCopy, target, link, sidecars, sha256), leftOut);
    }

    private static void requireApart(Path target, List<Dataset> datasets) {
        Path realTarget = FileOps.realPath(target);
        for (Dataset d : datasets) {
            Path root = FileOps.realPath(d.root());
            if (realTarget.startsWith(root)) {
                throw new IllegalArgumentException("the merge target " + target + " lies inside dataset " + d.name()
                        + " (" + d.root() + "); choose a folder outside every dataset");
            }
            if (root.startsWith(realTarget)) {
                throw new IllegalArgumentException("dataset " + d.name() + " (" + d.root()
                        + ") lies inside the merge target " + target);
            }
        }
    }
}
