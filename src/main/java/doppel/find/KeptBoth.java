package doppel.find;

import doppel.act.RemovalProof;
import doppel.dataset.ImageFile;
import doppel.search.DuplicateFinder;
import doppel.search.DuplicateGroup;
import doppel.search.DuplicateResult;
import doppel.search.Match;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The verified pairs that remove neither image because the one the keep policy would remove holds content the kept
 * one lacks ({@link RemovalProof#whyKeptLacks}): a crop kept under {@code --keep first-dir} does not remove its wider
 * original, nor a JPEG flattened onto white the transparent PNG it was made from. This holds for every pair the
 * verifier measured, within the hash threshold or beyond it: a crop that pHash still matches is a crop too. Such a pair stays in the result as related; the groups are
 * decided again without it, which may make other pairs removal pairs, checked in turn.
 *
 * @param result the result with its groups decided again (the search's own when no pair was taken away)
 * @param pairs  each pair taken away from the removal pairs, with why
 */
record KeptBoth(DuplicateResult result, List<Left> pairs) {
    static final KeptBoth NONE = new KeptBoth(null, List.of());

    /**
     * A file not removed for the image the keep policy kept.
     *
     * @param file the file the pair would have removed
     * @param kept the image kept
     * @param why  the rule's reason
     */
    record Left(ImageFile file, ImageFile kept, String why) {
        /** One line for people: which file stays and why. */
        String line() {
            return file.key() + " not removed: " + why + "; both kept";
        }
    }

    /** What a removed image holds that its kept image lacks, as the verifier measured it. */
    @FunctionalInterface
    interface Lacks {
        /** Why image {@code removed} may not be removed for image {@code kept}; null when it may, or was not measured. */
        String why(int removed, int kept);
    }

    /**
     * Takes away from the removal pairs of {@code base} every measured pair that would remove a file holding
     * something its kept image lacks, until none is left.
     */
    static KeptBoth of(DuplicateResult base, Lacks lacks) {
        List<Match> left = new ArrayList<>(base.pairs());
        List<Left> taken = new ArrayList<>();
        DuplicateResult result = base;
        while (true) {
            Set<List<Integer>> drop = new HashSet<>();
            for (DuplicateGroup g : result.groups()) {
                ImageFile kept = result.images().get(g.kept()).file();
                for (int m : g.removed()) {
                    String why = lacks.why(m, g.kept());
                    if (why != null) {
                        drop.add(List.of(Math.min(m, g.kept()), Math.max(m, g.kept())));
                        taken.add(new Left(result.images().get(m).file(), kept, why));
                    }
                }
            }
            if (drop.isEmpty()) {
                return new KeptBoth(result, List.copyOf(taken));
            }
            left.removeIf(p -> drop.contains(List.of(Math.min(p.a(), p.b()), Math.max(p.a(), p.b()))));
            result = DuplicateFinder.regroup(base, left);
        }
    }
}
