package doppel.split;

import doppel.io.AtomicWrite;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import doppel.dataset.ImageFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The result of {@link Split#plan}: chosen training and validation images per topic.
 *
 * <p>{@link #write} writes two files, {@value #TRAIN_FILE} and {@value #VALID_FILE}, each a JSON object
 * from topic folder (relative to the dataset root, {@code "."} for the root itself) to the chosen images'
 * paths relative to the dataset root, best first:
 * <pre>{@code
 * {"animals/cats/tabby": ["animals/cats/tabby/003.jpg", "animals/cats/tabby/001.jpg"], ...}
 * }</pre>
 * Every topic appears in both files (with an empty list where nothing was left for it).
 *
 * @param train       the requested images per topic for training
 * @param valid       the requested images per topic for validation
 * @param trainSet    training images per topic, best first
 * @param validSet    validation images per topic, best first
 * @param shortTopics topics with fewer than {@code train + valid} images, with their image count
 * @param skipped     files left out, with the reason
 */
public record SplitPlan(int train, int valid, SortedMap<String, List<ImageFile>> trainSet,
                        SortedMap<String, List<ImageFile>> validSet, SortedMap<String, Integer> shortTopics,
                        Map<ImageFile, String> skipped) {
    /** File name of the training set. */
    public static final String TRAIN_FILE = "train_set.json";
    /** File name of the validation set. */
    public static final String VALID_FILE = "valid_set.json";

    public SplitPlan {
        trainSet = copy(trainSet);
        validSet = copy(validSet);
        shortTopics = Collections.unmodifiableSortedMap(new TreeMap<>(shortTopics));
        skipped = Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
    }

    private static SortedMap<String, List<ImageFile>> copy(Map<String, List<ImageFile>> m) {
        SortedMap<String, List<ImageFile>> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return Collections.unmodifiableSortedMap(out);
    }

    /** Writes {@value #TRAIN_FILE} and {@value #VALID_FILE} into {@code dir} (created if missing). */
    public List<Path> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path t = dir.resolve(TRAIN_FILE);
        Path v = dir.resolve(VALID_FILE);
        AtomicWrite.writeString(t, json(trainSet));
        AtomicWrite.writeString(v, json(validSet));
        return List.of(t, v);
    }

    /** A short summary for the terminal: counts, short topics and skipped files. */
    public String summary() {
        int nt = trainSet.values().stream().mapToInt(List::size).sum();
        int nv = validSet.values().stream().mapToInt(List::size).sum();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%d topics: %d training and %d validation images (asked %d + %d per topic)%n",
                trainSet.size(), nt, nv, train, valid));
        if (!shortTopics.isEmpty()) {
            sb.append(String.format("%d topics have fewer than %d images; training was filled first:%n",
                    shortTopics.size(), train + valid));
            shortTopics.forEach((topic, n) -> sb.append(String.format("  %s: %d images -> %d train, %d valid%n",
                    topic, n, trainSet.get(topic).size(), validSet.get(topic).size())));
        }
        if (!skipped.isEmpty()) {
            sb.append(String.format("%d files left out:%n", skipped.size()));
            skipped.forEach((f, reason) -> sb.append("  ").append(f.relativePath()).append(": ").append(reason).append('\n'));
        }
        return sb.toString();
    }

    private static String json(SortedMap<String, List<ImageFile>> set) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        set.forEach((topic, files) -> {
            ArrayNode a = root.putArray(topic);
            files.forEach(f -> a.add(f.relativePath()));
        });
        return mapper.writeValueAsString(root) + "\n";
    }

}
