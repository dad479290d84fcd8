package doppel.evaluate;

import doppel.results.ImagePair;
import doppel.results.ResultsFile;
import doppel.results.ResultsIO;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The true duplicate pairs of a collection, and the class of each image.
 *
 * <p>Read from an imagededup map {@code {"img": ["dup", ...]}} (or with scores), whose pairs are the map's
 * symmetric closure (listing b under a, a under b, or both, is the same pair) and whose images are all keys
 * and listed files; or from a Doppel results file, where each group is a set of mutual duplicates (every two
 * members are a true pair) and the images are the group members.
 */
public final class GroundTruth {
    private final Set<ImagePair> pairs;
    private final Set<String> images;
    private final Map<String, String> classes;
    /** Key without its dataset prefix -> full key, for matching imagededup keys against Doppel keys. */
    private final Map<String, String> byRelative;

    private GroundTruth(Set<ImagePair> pairs, Set<String> images, Map<String, String> classes,
                        Map<String, String> byRelative) {
        this.pairs = Collections.unmodifiableSet(pairs);
        this.images = Collections.unmodifiableSet(images);
        this.classes = classes;
        this.byRelative = byRelative;
    }

    /**
     * Truth given as pairs of keys in imagededup style (paths relative to one image directory). The class of an
     * image is the first folder of its path, or {@code "."} for files at the top.
     *
     * @param images every image of the collection (the pairs' images are added)
     */
    public static GroundTruth ofPairs(Set<ImagePair> pairs, Set<String> images) {
        Set<String> all = new HashSet<>(images);
        for (ImagePair p : pairs) {
            all.add(p.a());
            all.add(p.b());
        }
        Map<String, String> classes = new HashMap<>();
        for (String k : all) {
            classes.put(k, ResultsFile.folderOf(k));
        }
        return new GroundTruth(new HashSet<>(pairs), all, classes, Map.of());
    }

    /** Truth from the groups of a Doppel results file: every two members of a group are a true pair. */
    public static GroundTruth ofResults(ResultsFile results) {
        Set<ImagePair> pairs = new HashSet<>();
        Set<String> images = new HashSet<>();
        Map<String, String> classes = new HashMap<>();
        Map<String, String> byRelative = new HashMap<>();
        Set<String> ambiguous = new HashSet<>();
        for (ResultsFile.Group g : results.groups()) {
            List<ResultsFile.Member> ms = g.members();
            for (int i = 0; i < ms.size(); i++) {
                ResultsFile.Member m = ms.get(i);
                images.add(m.key());
                String folder = ResultsFile.folderOf(m.path());
                classes.put(m.key(), folder.equals(".") ? m.dataset() : folder);
                if (byRelative.put(m.path(), m.key()) != null && !byRelative.get(m.path()).equals(m.key())) {
                    ambiguous.add(m.path());
                }
                for (int j = i + 1; j < ms.size(); j++) {
                    pairs.add(ImagePair.of(m.key(), ms.get(j).key()));
                }
            }
        }
        ambiguous.forEach(byRelative::remove);
        return new GroundTruth(pairs, images, classes, byRelative);
    }

    /**
     * Reads a truth file: a Doppel results file or an imagededup duplicates map.
     *
     * @throws doppel.results.ResultsException when the file is missing or in neither format
     */
    public static GroundTruth read(Path file) {
        if (ResultsIO.isDoppelResults(file)) {
            return ofResults(ResultsIO.read(file));
        }
        ResultsIO.ImagededupMap map = ResultsIO.readImagededup(file);
        return ofPairs(map.pairs().keySet(), map.images());
    }

    /** The true pairs. */
    public Set<ImagePair> pairs() {
        return pairs;
    }

    /** Every image the truth knows. */
    public Set<String> images() {
        return images;
    }

    /**
     * The key under which the truth knows {@code key}: itself when known; for a Doppel key
     * ("dataset/relative/path") against imagededup truth, the relative path; for an imagededup key against Doppel
     * truth, the Doppel key with that relative path when only one dataset has it. Unknown keys come back as they are.
     */
    public String align(String key) {
        if (images.contains(key)) {
            return key;
        }
        String full = byRelative.get(key);
        if (full != null) {
            return full;
        }
        int slash = key.indexOf('/');
        if (slash > 0 && images.contains(key.substring(slash + 1))) {
            return key.substring(slash + 1);
        }
        return key;
    }

    /** The class of an (aligned) key; for keys the truth does not know, the first segment of the key. */
    public String classOf(String key) {
        String c = classes.get(key);
        return c != null ? c : ResultsFile.folderOf(key);
    }
}
