package doppel.aesthetic;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content of one {@code aesthetic_data.json} file.
 *
 * @param folder the topic folder holding the file
 * @param model  id of the embedding model that produced the scores
 * @param head   file name of the aesthetic head
 * @param scores score by image path relative to {@code folder}, sorted by path
 */
public record TopicScores(Path folder, String model, String head, Map<String, Float> scores) {
    public TopicScores {
        scores = Collections.unmodifiableMap(new TreeMap<>(scores));
    }
}
