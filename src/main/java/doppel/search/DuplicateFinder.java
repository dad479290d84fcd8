package doppel.search;

import doppel.dataset.Dataset;
import doppel.encode.EncodedImage;
import doppel.encode.EncoderSpec;
import doppel.dataset.SkippedFile;
import doppel.progress.Progress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a pair search and decides, from its pairs, which images stay and which are removed.
 *
 * <p><b>Direct-only removal.</b> A file is removed only for an image that is kept and that it is itself a
 * duplicate of (a direct pair within the threshold), never through a chain of pairs: with A~B and B~C but
 * not A~C, keeping A removes B and leaves C, which may in turn be kept for its own direct duplicates. Within
 * each connected component of the pair graph the images are visited best-to-keep first (the
 * {@link KeepPolicy}, then dataset order, then relative path): an image not yet removed is kept, and its
 * undecided direct partners are removed for it. So every removed image has a kept direct duplicate that the
 * policy ranks above it, and kept images are never removed. A removed image that is a direct duplicate of
 * several kept images goes to the group of the one it is closest to (best score; ties to the better-ranked).
 *
 * <p>Each group is one kept image and the images removed for it, largest group first; images linked only
 * through a chain appear in no group together (their pairs stay in {@link DuplicateResult#pairs()}).
 *
 * <p><b>Cross-dataset mode</b> ({@link SearchOptions#crossOnly()}): pairs only join different datasets and
 * the keep order is always dataset order ({@link KeepPolicy#FIRST_DIR}), so the earliest dataset of a
 * component is its reference and is never touched.
 */
public final class DuplicateFinder {
    private DuplicateFinder() {
    }

    /**
     * Searches {@code images} and groups the pairs.
     *
     * @param datasetsInOrder datasets in precedence order (first = reference / kept under FIRST_DIR)
     * @param spec            the encoder that made the fingerprints
     * @param skipped         files that could not be encoded (carried into the result)
     * @param search          the pair search to run (see {@link PairSearches#forSpec})
     */
    public static DuplicateResult find(List<Dataset> datasetsInOrder, EncoderSpec spec, List<EncodedImage> images,
                                       List<SkippedFile> skipped, SearchOptions options, KeepPolicy keep,
                                       PairSearch search, Progress progress) {
        List<Match> pairs = new ArrayList<>(search.findPairs(images, options, progress));
        pairs.sort(Comparator.comparingInt(Match::a).thenComparingInt(Match::b));
        Map<String, Integer> rank = rank(datasetsInOrder);
        for (EncodedImage img : images) {
            String name = img.file().dataset().name();
            if (!rank.containsKey(name)) {
                throw new IllegalArgumentException("image " + img.file().key() + " belongs to dataset '" + name
                        + "', which is not among the datasets searched");
            }
        }
        List<DuplicateGroup> groups = groups(images, pairs, rank, keep, options.crossOnly(), spec.metric());
        return new DuplicateResult(spec, options, keep, datasetsInOrder, images, pairs, groups, skipped);
    }

    /**
     * {@code base} with its groups decided again from {@code removable} (a subset of its pairs) only: every pair
     * stays in the result, as related images, but a file is removed only for a kept image it has a removable pair
     * with. Used when pairs within the threshold still need another proof before they may remove anything.
     */
    public static DuplicateResult regroup(DuplicateResult base, List<Match> removable) {
        List<DuplicateGroup> groups = groups(base.images(), removable, rank(base.datasets()), base.keep(),
                base.options().crossOnly(), base.spec().metric());
        return new DuplicateResult(base.spec(), base.options(), base.keep(), base.datasets(), base.images(),
                base.pairs(), groups, base.skipped());
    }

    private static Map<String, Integer> rank(List<Dataset> datasetsInOrder) {
        Map<String, Integer> rank = new HashMap<>();
        for (Dataset ds : datasetsInOrder) {
            rank.putIfAbsent(ds.name(), rank.size());
        }
        return rank;
    }

    static List<DuplicateGroup> groups(List<EncodedImage> images, List<Match> pairs, Map<String, Integer> rank,
                                       KeepPolicy keep, boolean crossOnly, EncoderSpec.Metric metric) {
        int n = images.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        for (Match m : pairs) {
            int ra = root(parent, m.a());
            int rb = root(parent, m.b());
            if (ra != rb) {
                parent[Math.max(ra, rb)] = Math.min(ra, rb);
            }
        }
        boolean[] paired = new boolean[n];
        for (Match m : pairs) {
            paired[m.a()] = true;
            paired[m.b()] = true;
        }
        Map<Integer, List<Integer>> components = new HashMap<>();
        for (int i = 0; i < n; i++) {
            if (paired[i]) {
                components.computeIfAbsent(root(parent, i), k -> new ArrayList<>()).add(i);
            }
        }
        Map<Integer, List<Match>> adjacency = new HashMap<>();
        for (Match m : pairs) {
            adjacency.computeIfAbsent(m.a(), k -> new ArrayList<>()).add(m);
            adjacency.computeIfAbsent(m.b(), k -> new ArrayList<>()).add(m);
        }
        boolean higherIsBetter = metric == EncoderSpec.Metric.COSINE;
        Comparator<Integer> order = keepOrder(images, rank, crossOnly ? KeepPolicy.FIRST_DIR : keep);
        List<DuplicateGroup> out = new ArrayList<>();
        for (List<Integer> component : components.values()) {
            out.addAll(directGroups(component, adjacency, higherIsBetter, order));
        }
        out.sort(Comparator.<DuplicateGroup>comparingInt(g -> -g.members().size()).thenComparingInt(g -> g.members().get(0)));
        return out;
    }

    /** The kept images of one component and, for each, the direct duplicates removed for it. */
    private static List<DuplicateGroup> directGroups(List<Integer> component, Map<Integer, List<Match>> adjacency,
                                                     boolean higherIsBetter, Comparator<Integer> order) {
        List<Integer> ranked = component.stream().sorted(order).toList();
        Map<Integer, Integer> position = new HashMap<>();
        for (int i = 0; i < ranked.size(); i++) {
            position.put(ranked.get(i), i);
        }
        // an image not removed by the time its turn comes stays, and removes its partners ranked below it
        Set<Integer> removed = new HashSet<>();
        for (int x : ranked) {
            if (!removed.contains(x)) {
                for (Match m : adjacency.get(x)) {
                    if (position.get(other(m, x)) > position.get(x)) {
                        removed.add(other(m, x));
                    }
                }
            }
        }
        // each removed image joins its closest staying direct duplicate ranked above it (one always exists)
        Map<Integer, List<Integer>> membersOf = new HashMap<>();
        Map<Integer, List<Double>> scoresOf = new HashMap<>();
        for (int y : ranked) {
            if (!removed.contains(y)) {
                continue;
            }
            Match best = null;
            for (Match m : adjacency.get(y)) {
                int k = other(m, y);
                if (!removed.contains(k) && position.get(k) < position.get(y) && (best == null
                        || better(m.score(), best.score(), higherIsBetter)
                        || m.score() == best.score() && position.get(k) < position.get(other(best, y)))) {
                    best = m;
                }
            }
            int keeper = other(best, y);
            membersOf.computeIfAbsent(keeper, k -> new ArrayList<>()).add(y);
            scoresOf.computeIfAbsent(keeper, k -> new ArrayList<>()).add(best.score());
        }
        List<DuplicateGroup> out = new ArrayList<>();
        for (int k : ranked) {
            if (membersOf.containsKey(k)) {
                out.add(group(k, membersOf.get(k), scoresOf.get(k)));
            }
        }
        return out;
    }

    private static int other(Match m, int self) {
        return m.a() == self ? m.b() : m.a();
    }

    private static boolean better(double candidate, double current, boolean higherIsBetter) {
        return higherIsBetter ? candidate > current : candidate < current;
    }

    /** A group of {@code kept} and the images removed for it, members in ascending order. */
    private static DuplicateGroup group(int kept, List<Integer> removed, List<Double> removedScores) {
        Map<Integer, Double> score = new HashMap<>();
        for (int i = 0; i < removed.size(); i++) {
            score.put(removed.get(i), removedScores.get(i));
        }
        score.put(kept, Double.NaN);
        List<Integer> sorted = score.keySet().stream().sorted().toList();
        return new DuplicateGroup(kept, sorted, sorted.stream().map(score::get).toList());
    }

    /** Best-to-keep first: the policy's criterion, then dataset order, then relative path, then index. */
    private static Comparator<Integer> keepOrder(List<EncodedImage> images, Map<String, Integer> rank, KeepPolicy keep) {
        Comparator<Integer> byDataset = Comparator.comparingInt(i -> rank.get(images.get(i).file().dataset().name()));
        Comparator<Integer> primary = switch (keep) {
            case FIRST_DIR -> byDataset;
            case MOST_PIXELS -> Comparator.<Integer>comparingLong(i -> -(long) images.get(i).width() * images.get(i).height())
                    .thenComparingLong(i -> -images.get(i).file().size());
            case LARGEST_FILE -> Comparator.comparingLong(i -> -images.get(i).file().size());
            case SMALLEST_FILE -> Comparator.comparingLong(i -> images.get(i).file().size());
            case OLDEST -> Comparator.comparingLong(i -> images.get(i).file().mtimeMillis());
            case NEWEST -> Comparator.comparingLong(i -> -images.get(i).file().mtimeMillis());
        };
        return primary.thenComparing(byDataset)
                .thenComparing(i -> images.get(i).file().relativePath())
                .thenComparingInt(i -> i);
    }

    private static int root(int[] parent, int x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }
}
