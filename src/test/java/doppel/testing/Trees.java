package doppel.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What tests compare folders with: digests of trees (to prove a run changed nothing, or exactly what it should),
 * file listings, and the file-system tricks that make moves fail. Digests use the JDK directly, so tests do not
 * check the product's digests with themselves.
 */
public final class Trees {
    private Trees() {
    }

    /** Relative path and SHA-256 of every regular file below {@code root}: equal digests mean identical contents. */
    public static TreeMap<String, String> digest(Path root) throws IOException {
        TreeMap<String, String> digest = new TreeMap<>();
        if (!Files.exists(root)) {
            return digest;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                digest.put(root.relativize(p).toString(), sha256(p));
            }
        }
        return digest;
    }

    /**
     * Every path under {@code root} (directories marked with '/', links with their target) with the SHA-256 and
     * mtime of files: equal snapshots mean nothing was touched, not even a timestamp.
     */
    public static TreeMap<String, String> snapshot(Path root) throws IOException {
        TreeMap<String, String> out = new TreeMap<>();
        if (!Files.exists(root)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                String rel = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    out.put(rel, "link to " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.put(rel + "/", "dir");
                } else {
                    out.put(rel, sha256(p) + " " + Files.getLastModifiedTime(p).toMillis());
                }
            }
        }
        return out;
    }

    /** The relative paths of the regular files below {@code root}, sorted. */
    public static Set<String> files(Path root) throws IOException {
        Set<String> out = new TreeSet<>();
        if (!Files.exists(root)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(Files::isRegularFile).forEach(p -> out.add(root.relativize(p).toString()));
        }
        return out;
    }

    /** The SHA-256 of a file's content, as lower-case hex. */
    public static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** Deletes {@code root} and everything below it, if it exists. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * Runs {@code chattr flag files...} (e.g. "+i" makes files immutable, even to root, so moves of them fail);
     * false when chattr is missing or the file system does not support it, so the caller can skip.
     */
    public static boolean chattr(String flag, Path... files) {
        List<String> cmd = new ArrayList<>(List.of("chattr", flag));
        for (Path f : files) {
            cmd.add(f.toString());
        }
        try {
            return new ProcessBuilder(cmd).redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
