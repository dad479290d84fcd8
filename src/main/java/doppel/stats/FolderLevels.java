package doppel.stats;

import java.util.Arrays;
import java.util.List;

/**
 * The folder hierarchy of a dataset (for example cluster / subcluster / topic) read from relative paths.
 *
 * <p>Levels are counted below a leading {@code data/} folder when the path has one, so that
 * {@code data/animals/cats/tabby/001.jpg} and {@code animals/cats/tabby/001.jpg} have the same levels
 * {@code animals}, {@code cats}, {@code tabby}. Relative paths always use '/' separators.
 */
public final class FolderLevels {
    /** Key of files that sit directly in the dataset root (no folder level). */
    public static final String ROOT = ".";

    private FolderLevels() {
    }

    /** The folder names of the path below a leading {@code data/}, without the file name. */
    public static List<String> levels(String relativePath) {
        String[] parts = relativePath.split("/");
        int from = parts.length > 1 && parts[0].equals("data") ? 1 : 0;
        return Arrays.asList(parts).subList(from, parts.length - 1);
    }

    /**
     * The group a file belongs to at {@code depth} levels: its first {@code depth} folder levels joined with
     * '/', fewer when the file sits higher up, {@link #ROOT} when it has none.
     *
     * @param depth at least 1
     */
    public static String groupKey(String relativePath, int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be at least 1, got " + depth);
        }
        List<String> levels = levels(relativePath);
        List<String> head = levels.subList(0, Math.min(depth, levels.size()));
        return head.isEmpty() ? ROOT : String.join("/", head);
    }

    /**
     * The topic folder of a file, as a path relative to the dataset root (including a leading {@code data/}):
     * the folder {@code depth} levels down, or the file's parent folder when {@code depth <= 0} or when the
     * file sits higher up than {@code depth}. Returns {@link #ROOT} for files directly in the root.
     */
    public static String topicFolder(String relativePath, int depth) {
        int slash = relativePath.lastIndexOf('/');
        String parent = slash < 0 ? ROOT : relativePath.substring(0, slash);
        if (depth <= 0 || parent.equals(ROOT)) {
            return parent;
        }
        String[] parts = parent.split("/");
        int offset = parts[0].equals("data") ? 1 : 0;
        int keep = Math.min(parts.length, offset + depth);
        if (keep == offset) {
            return parent;
        }
        return String.join("/", Arrays.asList(parts).subList(0, keep));
    }
}
