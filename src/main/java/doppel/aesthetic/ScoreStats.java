package doppel.aesthetic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import doppel.dataset.ImageFile;
import doppel.stats.FolderLevels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Aesthetic scores summarised per topic (median) and, per subcluster (the topic's parent folder), the
 * {@code k} topics with the highest and lowest medians.
 *
 * <p>Topic keys are folder paths prefixed with the dataset (or root folder) name, e.g.
 * {@code photos/animals/cats/tabby}; the subcluster is the key without its last part
 * ({@code photos/animals/cats}). JSON ({@link #toJson()}):
 * <pre>{@code
 * {
 *   "k": 3,
 *   "topics": {"photos/animals/cats/tabby": {"images": 12, "median": 5.31}, ...},
 *   "subclusters": {
 *     "photos/animals/cats": {
 *       "topics": 7,
 *       "top":    [{"topic": "photos/animals/cats/tabby", "median": 5.31}, ...],   // highest first
 *       "bottom": [{"topic": "photos/animals/cats/sphynx", "median": 3.02}, ...]   // lowest first
 *     }
 *   }
 * }
 * }</pre>
 * The median of an even count is the mean of the two middle scores. Ties are broken by topic key.
 */
public final class ScoreStats {
    /**
     * Summary of one topic.
     *
     * @param topic  topic key
     * @param images number of scored images
     * @param median median score
     */
    public record TopicStat(String topic, int images, double median) {
    }

    /**
     * Best and worst topics of one subcluster.
     *
     * @param subcluster subcluster key
     * @param topics     number of topics in it
     * @param top        up to k topics, highest median first
     * @param bottom     up to k topics, lowest median first
     */
    public record SubclusterStat(String subcluster, int topics, List<TopicStat> top, List<TopicStat> bottom) {
    }

    private final int k;
    private final SortedMap<String, TopicStat> topics;
    private final SortedMap<String, SubclusterStat> subclusters;

    private ScoreStats(int k, SortedMap<String, TopicStat> topics, SortedMap<String, SubclusterStat> subclusters) {
        this.k = k;
        this.topics = Collections.unmodifiableSortedMap(topics);
        this.subclusters = Collections.unmodifiableSortedMap(subclusters);
    }

    /**
     * Summarises scores grouped by topic key.
     *
     * @param scoresByTopic scores of each topic ('/'-separated key)
     * @param k             how many top and bottom topics to keep per subcluster (at least 1)
     */
    public static ScoreStats compute(Map<String, ? extends List<Float>> scoresByTopic, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("--top must be at least 1, got " + k);
        }
        SortedMap<String, TopicStat> topics = new TreeMap<>();
        scoresByTopic.forEach((topic, scores) -> {
            if (!scores.isEmpty()) {
                topics.put(topic, new TopicStat(topic, scores.size(), median(scores)));
            }
        });
        Map<String, List<TopicStat>> bySub = new TreeMap<>();
        for (TopicStat t : topics.values()) {
            int slash = t.topic().lastIndexOf('/');
            String sub = slash < 0 ? FolderLevels.ROOT : t.topic().substring(0, slash);
            bySub.computeIfAbsent(sub, x -> new ArrayList<>()).add(t);
        }
        Comparator<TopicStat> ascending = Comparator.comparingDouble(TopicStat::median)
                .thenComparing(TopicStat::topic);
        Comparator<TopicStat> descending = Comparator.comparingDouble(TopicStat::median).reversed()
                .thenComparing(TopicStat::topic);
        SortedMap<String, SubclusterStat> subs = new TreeMap<>();
        bySub.forEach((sub, list) -> subs.put(sub, new SubclusterStat(sub, list.size(),
                list.stream().sorted(descending).limit(k).toList(),
                list.stream().sorted(ascending).limit(k).toList())));
        return new ScoreStats(k, topics, subs);
    }

    /**
     * Summarises in-memory scores; topic keys are the dataset name followed by the topic folder of
     * {@link FolderLevels#topicFolder} at {@code depth} (0: each image's parent folder).
     */
    public static ScoreStats compute(Map<ImageFile, Float> scores, int depth, int k) {
        Map<String, List<Float>> byTopic = new TreeMap<>();
        scores.forEach((f, s) -> {
            String folder = FolderLevels.topicFolder(f.relativePath(), depth);
            String key = folder.equals(FolderLevels.ROOT) ? f.dataset().name() : f.dataset().name() + "/" + folder;
            byTopic.computeIfAbsent(key, x -> new ArrayList<>()).add(s);
        });
        return compute(byTopic, k);
    }

    /**
     * Summarises the {@value AestheticScoring#FILE_NAME} files found under each root; the topic key of a file
     * is the root's folder name followed by the path of the file's folder relative to the root.
     *
     * @throws IOException with a one-line message when a score file cannot be read
     */
    public static ScoreStats load(List<Path> roots, int k) throws IOException {
        Map<String, List<Float>> byTopic = new TreeMap<>();
        for (Path r : roots) {
            Path root = r.toAbsolutePath().normalize();
            String name = root.getFileName() == null ? "/" : root.getFileName().toString();
            for (Path file : AestheticScoring.findScoreFiles(root)) {
                TopicScores t = AestheticScoring.read(file);
                String rel = root.relativize(t.folder()).toString().replace('\\', '/');
                String key = rel.isEmpty() ? name : name + "/" + rel;
                byTopic.computeIfAbsent(key, x -> new ArrayList<>()).addAll(t.scores().values());
            }
        }
        return compute(byTopic, k);
    }

    /** Per-topic summaries, sorted by key. */
    public SortedMap<String, TopicStat> topics() {
        return topics;
    }

    /** Per-subcluster best and worst topics, sorted by key. */
    public SortedMap<String, SubclusterStat> subclusters() {
        return subclusters;
    }

    /** The JSON of the class documentation. */
    public ObjectNode toJson() {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("k", k);
        ObjectNode t = root.putObject("topics");
        topics.values().forEach(s -> t.putObject(s.topic()).put("images", s.images()).put("median", round(s.median())));
        ObjectNode subs = root.putObject("subclusters");
        subclusters.values().forEach(s -> {
            ObjectNode node = subs.putObject(s.subcluster());
            node.put("topics", s.topics());
            list(node.putArray("top"), s.top());
            list(node.putArray("bottom"), s.bottom());
        });
        return root;
    }

    /** {@link #toJson()} pretty-printed. */
    public String toJsonString() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixed-width text table: topic medians, then the top and bottom topics of each subcluster. */
    public String toTable() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-60s %7s %8s%n", "topic", "images", "median"));
        topics.values().forEach(t -> sb.append(String.format("%-60s %7d %8.3f%n", t.topic(), t.images(), t.median())));
        for (SubclusterStat s : subclusters.values()) {
            sb.append(String.format("%n%s (%d topics)%n", s.subcluster(), s.topics()));
            sb.append(String.format("  %-3s %-50s %8s   %-3s %-50s %8s%n", "", "top " + k, "median", "", "bottom " + k, "median"));
            for (int i = 0; i < Math.max(s.top().size(), s.bottom().size()); i++) {
                sb.append(String.format("  %-3s %-50s %8s   %-3s %-50s %8s%n",
                        i < s.top().size() ? (i + 1) + "." : "", i < s.top().size() ? leaf(s.top().get(i)) : "",
                        i < s.top().size() ? String.format("%.3f", s.top().get(i).median()) : "",
                        i < s.bottom().size() ? (i + 1) + "." : "", i < s.bottom().size() ? leaf(s.bottom().get(i)) : "",
                        i < s.bottom().size() ? String.format("%.3f", s.bottom().get(i).median()) : ""));
            }
        }
        return sb.toString();
    }

    private static String leaf(TopicStat t) {
        return t.topic().substring(t.topic().lastIndexOf('/') + 1);
    }

    private static void list(ArrayNode array, List<TopicStat> stats) {
        stats.forEach(s -> array.addObject().put("topic", s.topic()).put("median", round(s.median())));
    }

    /** Scores are floats: more than 6 digits in the JSON would be noise. */
    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    static double median(List<Float> scores) {
        double[] v = new double[scores.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = scores.get(i);
        }
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
