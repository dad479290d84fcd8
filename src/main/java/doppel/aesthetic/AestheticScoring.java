package doppel.aesthetic;

import doppel.io.AtomicWrite;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import doppel.dataset.Dataset;
import doppel.dataset.ImageFile;
import doppel.encode.EncodedImage;
import doppel.encode.Embedding;
import doppel.stats.FolderLevels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Aesthetic scores of images from their CLIP embeddings, and the per-topic score files.
 *
 * <p>Score file: {@value #FILE_NAME} in each topic folder, UTF-8 JSON, keys sorted:
 * <pre>{@code
 * {
 *   "model": "clip-vit-l-14",          // id of the embedding model
 *   "head": "laion-aesthetic.json",    // file name of the aesthetic head
 *   "scores": {"001.jpg": 5.31, "sub/002.png": 4.87}
 * }
 * }</pre>
 * Score keys are paths relative to the folder holding the file, with '/' separators, so the folder can be
 * moved as a whole. The topic folder of an image is the folder {@code depth} levels below the dataset root
 * (below a leading {@code data/}), or the image's parent folder for depth 0 (see
 * {@link FolderLevels#topicFolder}). Writing replaces an existing file as a whole, through a temporary file
 * and a rename, so a reader never sees a half-written file.
 */
public final class AestheticScoring {
    /** Name of the per-topic score file. */
    public static final String FILE_NAME = "aesthetic_data.json";

    private AestheticScoring() {
    }

    /**
     * Scores every embedding with the head.
     *
     * @return score per image, in the order of {@code embeddings}
     * @throws IllegalArgumentException with a one-line message when an encoding is not an embedding or its
     *                                  dimension differs from the head's input
     */
    public static Map<ImageFile, Float> scoreAll(List<EncodedImage> embeddings, AestheticHead head) {
        Map<ImageFile, Float> scores = new LinkedHashMap<>();
        for (EncodedImage e : embeddings) {
            if (!(e.fingerprint() instanceof Embedding emb)) {
                throw new IllegalArgumentException("aesthetic scoring needs CLIP embeddings, but " + e.file().key()
                        + " has a " + e.fingerprint().getClass().getSimpleName());
            }
            if (emb.dimension() != head.inputDim()) {
                throw new IllegalArgumentException("aesthetic head " + head.name() + " expects " + head.inputDim()
                        + "-d embeddings, but the model gives " + emb.dimension()
                        + "-d (use the CLIP model the head was trained on)");
            }
            scores.put(e.file(), head.score(emb.vector()));
        }
        return scores;
    }

    /**
     * Writes one {@value #FILE_NAME} per topic folder.
     *
     * @param scores   score per image
     * @param depth    topic level: the folder {@code depth} levels down; 0 for each image's parent folder
     * @param modelId  id of the embedding model, written as "model"
     * @param headName file name of the head, written as "head"
     * @return the files written, sorted
     */
    public static List<Path> writePerTopic(Map<ImageFile, Float> scores, int depth, String modelId, String headName)
            throws IOException {
        Map<Path, Map<String, Float>> byFolder = new TreeMap<>();
        scores.forEach((file, score) -> {
            String topic = FolderLevels.topicFolder(file.relativePath(), depth);
            String inTopic = topic.equals(FolderLevels.ROOT) ? file.relativePath()
                    : file.relativePath().substring(topic.length() + 1);
            Path folder = topic.equals(FolderLevels.ROOT) ? file.dataset().root() : file.dataset().resolve(topic);
            byFolder.computeIfAbsent(folder, k -> new TreeMap<>()).put(inTopic, score);
        });
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        List<Path> written = new ArrayList<>();
        for (Map.Entry<Path, Map<String, Float>> e : byFolder.entrySet()) {
            ObjectNode root = mapper.createObjectNode();
            root.put("model", modelId);
            root.put("head", headName);
            ObjectNode s = root.putObject("scores");
            e.getValue().forEach(s::put);
            Path target = e.getKey().resolve(FILE_NAME);
            AtomicWrite.writeString(target, mapper.writeValueAsString(root) + "\n");
            written.add(target);
        }
        return written;
    }

    /**
     * Reads one score file.
     *
     * @throws IOException with a one-line message naming the file when it cannot be read or parsed
     */
    public static TopicScores read(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON (" + e.getOriginalMessage().replaceAll("\\s+", " ") + ")");
        }
        if (root == null || !root.path("scores").isObject()) {
            throw new IOException(file + ": no \"scores\" object");
        }
        Map<String, Float> scores = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("scores").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNumber()) {
                throw new IOException(file + ": score of " + e.getKey() + " is not a number");
            }
            scores.put(e.getKey(), e.getValue().floatValue());
        }
        return new TopicScores(file.toAbsolutePath().getParent(), root.path("model").asText(""),
                root.path("head").asText(""), scores);
    }

    /** Every {@value #FILE_NAME} under {@code root}, sorted by path. */
    public static List<Path> findScoreFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().equals(FILE_NAME) && Files.isRegularFile(p))
                    .sorted().toList();
        }
    }

    /**
     * Reads the scores of the given files back from the {@value #FILE_NAME} files under their datasets' roots
     * (whatever depth they were written with). Files without a score are absent from the result.
     */
    public static Map<ImageFile, Float> readScores(List<ImageFile> files) throws IOException {
        Map<Path, ImageFile> byPath = new HashMap<>();
        Set<Dataset> datasets = new LinkedHashSet<>();
        for (ImageFile f : files) {
            byPath.put(f.path().normalize(), f);
            datasets.add(f.dataset());
        }
        Map<ImageFile, Float> scores = new LinkedHashMap<>();
        for (Dataset d : datasets) {
            for (Path p : findScoreFiles(d.root())) {
                TopicScores t = read(p);
                t.scores().forEach((rel, score) -> {
                    ImageFile f = byPath.get(t.folder().resolve(rel).normalize());
                    if (f != null) {
                        scores.put(f, score);
                    }
                });
            }
        }
        return scores;
    }

}
