package doppel.results;

import doppel.dataset.Dataset;
import doppel.encode.EncodedImage;
import doppel.encode.EncoderSpec;
import doppel.dataset.SkippedFile;
import doppel.search.DuplicateGroup;
import doppel.search.DuplicateResult;
import doppel.search.KeepPolicy;
import doppel.search.Match;
import java.time.Instant;
import java.util.AbstractList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The content of a Doppel results file ({@code docs/results-format.md}), without fingerprints. Lists are
 * unmodifiable; {@link #from} builds them as views over a {@link DuplicateResult} so that writing a
 * result with millions of pairs does not copy it.
 *
 * @param version   format version, {@value ResultsIO#VERSION}
 * @param created   when the file was written
 * @param encoder   the encoder whose fingerprints were compared
 * @param threshold Hamming distance (at most) or cosine similarity (at least) of a duplicate pair
 * @param crossOnly whether only pairs across datasets were searched
 * @param keep      the policy that chose each group's kept image
 * @param datasets  datasets in precedence order; the first is the "reference" side of cross-dataset runs
 * @param summary   counts
 * @param groups    duplicate groups, largest first
 * @param pairs     every pair within the threshold, with its score
 * @param remove    keys of the files to remove, in group order
 * @param skipped   files that could not be encoded
 * @param actions   what was done with the files to remove, or null when the file does not say
 * @param kind      which command's question the file answers: duplicates to remove, or leaking query images
 */
public record ResultsFile(int version, Instant created, EncoderSpec encoder, double threshold, boolean crossOnly,
                          KeepPolicy keep, List<DatasetInfo> datasets, Summary summary, List<Group> groups,
                          List<ScoredPair> pairs, List<String> remove, List<SkippedFile> skipped,
                          ActionInfo actions, Kind kind) {

    /** The question a results file answers; readers take a file without {@code "kind"} as {@link #FIND}. */
    public enum Kind {
        /** {@code doppel find}: {@code remove} lists the duplicates to remove. */
        FIND("find"),
        /**
         * {@code doppel leak}: the first dataset(s) are the reference, and {@code remove} lists the query images
         * that have a duplicate in it. Nothing is ever removed by leak.
         */
        LEAK("leak");

        private final String jsonName;

        Kind(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return jsonName;
        }

        /** The kind named in a file, or null for an unknown name. */
        public static Kind parse(String name) {
            for (Kind k : values()) {
                if (k.jsonName.equals(name)) {
                    return k;
                }
            }
            return null;
        }
    }

    /** A {@link Kind#FIND} results file. */
    public ResultsFile(int version, Instant created, EncoderSpec encoder, double threshold, boolean crossOnly,
                       KeepPolicy keep, List<DatasetInfo> datasets, Summary summary, List<Group> groups,
                       List<ScoredPair> pairs, List<String> remove, List<SkippedFile> skipped, ActionInfo actions) {
        this(version, created, encoder, threshold, crossOnly, keep, datasets, summary, groups, pairs, remove, skipped,
                actions, Kind.FIND);
    }

    public ResultsFile {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(keep, "keep");
        datasets = Collections.unmodifiableList(datasets);
        groups = Collections.unmodifiableList(groups);
        pairs = Collections.unmodifiableList(pairs);
        remove = Collections.unmodifiableList(remove);
        skipped = Collections.unmodifiableList(skipped);
    }

    /**
     * A dataset of the run.
     *
     * @param name    dataset name, the first segment of its keys
     * @param root    absolute root directory as it was when searched
     * @param images  number of images of this dataset that were searched, or -1 when the file does not say
     * @param folders images per first-level folder ({@code "."} for files directly under the root); empty
     *                when the file does not say
     */
    public record DatasetInfo(String name, String root, int images, Map<String, Integer> folders) {
        public DatasetInfo {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(root, "root");
            folders = Collections.unmodifiableMap(new TreeMap<>(folders));
        }
    }

    /**
     * Counts of the run.
     *
     * @param images     images searched
     * @param pairs      pairs within the threshold
     * @param groups     duplicate groups
     * @param duplicates files to remove (group members that are not kept)
     * @param skipped    files that could not be encoded
     */
    public record Summary(long images, long pairs, long groups, long duplicates, long skipped) {
    }

    /**
     * One duplicate group.
     *
     * @param kept    key of the image that stays
     * @param members all members, the kept one included
     */
    public record Group(String kept, List<Member> members) {
        public Group {
            Objects.requireNonNull(kept, "kept");
            members = Collections.unmodifiableList(members);
        }

        /** The kept member. */
        public Member keptMember() {
            return members.stream().filter(m -> m.key().equals(kept)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("kept image " + kept + " is not a member"));
        }
    }

    /**
     * A member of a group.
     *
     * @param key     "dataset/relative/path"
     * @param dataset dataset name
     * @param path    path relative to the dataset root
     * @param width   decoded width, 0 when unknown
     * @param height  decoded height, 0 when unknown
     * @param size    file size in bytes
     * @param score   distance or similarity of the member's direct pair with the kept image, null for the
     *                kept image itself and for members linked to it only through others
     * @param mtime   last-modified time (ms) when searched, or null when the file does not say
     * @param sha256  lower-case hex SHA-256 of the file's content, or null when not computed
     */
    public record Member(String key, String dataset, String path, int width, int height, long size, Double score,
                         Long mtime, String sha256) {
        public Member {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(dataset, "dataset");
            Objects.requireNonNull(path, "path");
        }

        /** A member without mtime and digest. */
        public Member(String key, String dataset, String path, int width, int height, long size, Double score) {
            this(key, dataset, path, width, height, size, score, null, null);
        }
    }

    /**
     * A pair within the threshold.
     *
     * @param a     key of the first image
     * @param b     key of the second image
     * @param score Hamming distance or cosine similarity
     */
    public record ScoredPair(String a, String b, double score) {
        /** The pair without its score and order. */
        public ImagePair unordered() {
            return ImagePair.of(a, b);
        }
    }

    /** The dataset named {@code name}, or null. */
    public DatasetInfo dataset(String name) {
        for (DatasetInfo d : datasets) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }

    /** True when a higher score means more similar (cosine), false for distances (Hamming). */
    public boolean higherIsCloser() {
        return encoder.metric() == EncoderSpec.Metric.COSINE;
    }

    /**
     * Describes {@code result} as a results file, with lists that are views over the result (not copies).
     *
     * @param actions what was done with the files to remove; null for none
     * @param created the time to record
     */
    public static ResultsFile from(DuplicateResult result, ActionInfo actions, Instant created) {
        return from(result, actions, created, Map.of(), null);
    }

    /**
     * As {@link #from(DuplicateResult, ActionInfo, Instant)}, with content digests and the files to remove as
     * decided after the search (for example only those whose pair was confirmed from the files).
     *
     * @param sha256 lower-case hex SHA-256 by key, for the members whose digest was computed
     * @param remove keys of the files to remove, or null for every member that is not kept
     */
    public static ResultsFile from(DuplicateResult result, ActionInfo actions, Instant created,
                                   Map<String, String> sha256, List<String> remove) {
        List<EncodedImage> images = result.images();
        String[] keys = new String[images.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = images.get(i).file().key();
        }
        List<DatasetInfo> datasets = datasetInfos(result.datasets(), images);
        List<Group> groups = new AbstractList<>() {
            @Override
            public Group get(int index) {
                return group(result.groups().get(index), images, keys, sha256);
            }

            @Override
            public int size() {
                return result.groups().size();
            }
        };
        List<ScoredPair> pairs = new AbstractList<>() {
            @Override
            public ScoredPair get(int index) {
                Match m = result.pairs().get(index);
                return new ScoredPair(keys[m.a()], keys[m.b()], m.score());
            }

            @Override
            public int size() {
                return result.pairs().size();
            }
        };
        List<String> toRemove = remove != null ? List.copyOf(remove)
                : result.groups().stream().flatMap(g -> g.removed().stream()).map(i -> keys[i]).toList();
        Summary summary = new Summary(images.size(), result.pairs().size(), result.groups().size(), toRemove.size(),
                result.skipped().size());
        return new ResultsFile(ResultsIO.VERSION, created, result.spec(), result.options().threshold(),
                result.options().crossOnly(), result.keep(), datasets, summary, groups, pairs, toRemove,
                result.skipped(), actions);
    }

    /** The same results, answering another question. */
    public ResultsFile withKind(Kind newKind) {
        return new ResultsFile(version, created, encoder, threshold, crossOnly, keep, datasets, summary, groups, pairs,
                remove, skipped, actions, newKind);
    }

    /** First-level folder of a relative path, {@code "."} for a file directly under the root. */
    public static String folderOf(String relativePath) {
        int slash = relativePath.indexOf('/');
        return slash < 0 ? "." : relativePath.substring(0, slash);
    }

    private static List<DatasetInfo> datasetInfos(List<Dataset> datasets, List<EncodedImage> images) {
        Map<String, Map<String, Integer>> folders = new HashMap<>();
        for (Dataset d : datasets) {
            folders.put(d.name(), new TreeMap<>());
        }
        for (EncodedImage img : images) {
            folders.computeIfAbsent(img.file().dataset().name(), n -> new TreeMap<>())
                    .merge(folderOf(img.file().relativePath()), 1, Integer::sum);
        }
        return datasets.stream().map(d -> {
            Map<String, Integer> f = folders.get(d.name());
            int count = f.values().stream().mapToInt(Integer::intValue).sum();
            return new DatasetInfo(d.name(), d.root().toString(), count, f);
        }).toList();
    }

    private static Group group(DuplicateGroup g, List<EncodedImage> images, String[] keys, Map<String, String> sha256) {
        List<Member> members = new java.util.ArrayList<>(g.members().size());
        for (int i = 0; i < g.members().size(); i++) {
            int idx = g.members().get(i);
            EncodedImage img = images.get(idx);
            double s = g.scores().get(i);
            Double score = idx == g.kept() || Double.isNaN(s) ? null : s;
            long mtime = img.file().mtimeMillis();
            members.add(new Member(keys[idx], img.file().dataset().name(), img.file().relativePath(),
                    img.width(), img.height(), img.file().size(), score, mtime >= 0 ? mtime : null,
                    sha256.get(keys[idx])));
        }
        return new Group(keys[g.kept()], members);
    }
}
