package doppel.search;

import doppel.dataset.Dataset;
import doppel.encode.EncodedImage;
import doppel.encode.EncoderSpec;
import doppel.dataset.SkippedFile;
import doppel.progress.Progress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a pair search and turns its pairs into duplicate groups with a kept image each.
 *
 * <p>Groups are connected components of the pair graph (union-find), largest first. The kept image is
 * chosen by the {@link KeepPolicy}; ties go to the earlier dataset (order of {@code datasetsInOrder}), then
 * to the smaller relative path, so results do not depend on search order.
 *
 * <p><b>Cross-dataset mode</b> ({@link SearchOptions#crossOnly()}): the earliest dataset of a component is
 * its reference and is never touched. Each of its images that has duplicates heads its own group (so one
 * component may give several groups); every other member joins the group of the nearest reference image
 * (best direct score, else fewest hops through the pair graph). The keep policy is not applied in this
 * mode: the kept image is always the reference side (FIRST_DIR semantics).
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
        Map<String, Integer> rank = new HashMap<>();
        for (Dataset ds : datasetsInOrder) {
            rank.putIfAbsent(ds.name(), rank.size());
        }
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
        Collection<List<Integer>> multi = components.values();
        Map<Long, Double> score = new HashMap<>();
        Map<Integer, List<Match>> adjacency = new HashMap<>();
        for (Match m : pairs) {
            score.put(key(m.a(), m.b()), m.score());
            adjacency.computeIfAbsent(m.a(), k -> new ArrayList<>()).add(m);
            adjacency.computeIfAbsent(m.b(), k -> new ArrayList<>()).add(m);
        }
        boolean higherIsBetter = metric == EncoderSpec.Metric.COSINE;
        Comparator<Integer> order = keepOrder(images, rank, crossOnly ? KeepPolicy.FIRST_DIR : keep);
        List<DuplicateGroup> out = new ArrayList<>();
        for (List<Integer> component : multi) {
            if (crossOnly) {
                out.addAll(referenceGroups(images, component, rank, adjacency, score, higherIsBetter, order));
            } else {
                int kept = component.stream().min(order).orElseThrow();
                out.add(group(kept, component, score));
            }
        }
        out.sort(Comparator.<DuplicateGroup>comparingInt(g -> -g.members().size()).thenComparingInt(g -> g.members().get(0)));
        return out;
    }

    /** Splits a cross-dataset component into one group per image of its earliest dataset. */
    private static List<DuplicateGroup> referenceGroups(List<EncodedImage> images, List<Integer> component,
                                                        Map<String, Integer> rank, Map<Integer, List<Match>> adjacency,
                                                        Map<Long, Double> score, boolean higherIsBetter,
                                                        Comparator<Integer> order) {
        int refRank = component.stream().mapToInt(i -> rank.get(images.get(i).file().dataset().name())).min().orElseThrow();
        Map<Integer, Integer> owner = new HashMap<>();
        ArrayDeque<Integer> frontier = new ArrayDeque<>();
        List<Integer> refs = component.stream()
                .filter(i -> rank.get(images.get(i).file().dataset().name()) == refRank).sorted(order).toList();
        for (int r : refs) {
            owner.put(r, r);
        }
        // direct partners go to their best-scoring reference image
        for (int r : refs) {
            for (Match m : adjacency.getOrDefault(r, List.of())) {
                int other = m.a() == r ? m.b() : m.a();
                if (owner.containsKey(other) && owner.get(other) == other) {
                    continue; // another reference image
                }
                Integer current = owner.get(other);
                if (current == null || better(m.score(), score.get(key(current, other)), higherIsBetter)) {
                    owner.put(other, r);
                }
            }
        }
        owner.keySet().stream().sorted().forEach(frontier::add);
        // chained members (no direct pair with a reference image) follow the fewest hops
        while (!frontier.isEmpty()) {
            int x = frontier.poll();
            List<Match> edges = new ArrayList<>(adjacency.getOrDefault(x, List.of()));
            edges.sort(Comparator.comparingInt(m -> m.a() == x ? m.b() : m.a()));
            for (Match m : edges) {
                int other = m.a() == x ? m.b() : m.a();
                if (!owner.containsKey(other)) {
                    owner.put(other, owner.get(x));
                    frontier.add(other);
                }
            }
        }
        Map<Integer, List<Integer>> byRef = new HashMap<>();
        for (int i : component) {
            byRef.computeIfAbsent(owner.get(i), k -> new ArrayList<>()).add(i);
        }
        List<DuplicateGroup> out = new ArrayList<>();
        for (int r : refs) {
            List<Integer> members = byRef.get(r);
            if (members.size() > 1) {
                out.add(group(r, members, score));
            }
        }
        return out;
    }

    private static boolean better(double candidate, Double current, boolean higherIsBetter) {
        return current == null || (higherIsBetter ? candidate > current : candidate < current);
    }

    private static DuplicateGroup group(int kept, List<Integer> members, Map<Long, Double> score) {
        List<Integer> sorted = members.stream().sorted().toList();
        List<Double> scores = new ArrayList<>();
        for (int m : sorted) {
            scores.add(m == kept ? Double.NaN : score.getOrDefault(key(kept, m), Double.NaN));
        }
        return new DuplicateGroup(kept, sorted, scores);
    }

    /** Best-to-keep first: the policy's criterion, then dataset order, then relative path, then index. */
    private static Comparator<Integer> keepOrder(List<EncodedImage> images, Map<String, Integer> rank, KeepPolicy keep) {
        Comparator<Integer> byDataset = Comparator.comparingInt(i -> rank.get(images.get(i).file().dataset().name()));
        Comparator<Integer> primary = switch (keep) {
            case FIRST_DIR -> byDataset;
            case LARGEST -> Comparator.comparingLong(i -> -(long) images.get(i).width() * images.get(i).height());
            case BIGGEST -> Comparator.comparingLong(i -> -images.get(i).file().size());
            case OLDEST -> Comparator.comparingLong(i -> images.get(i).file().mtimeMillis());
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

    private static long key(int a, int b) {
        return (long) Math.min(a, b) << 32 | Math.max(a, b);
    }
}
