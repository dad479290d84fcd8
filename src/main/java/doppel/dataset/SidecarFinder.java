package doppel.dataset;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the annotation (sidecar) files of an image, so that removing a duplicate image takes its labels
 * along instead of leaving them orphaned. Two places are looked at:
 * <ul>
 *   <li>the image's own folder: files with the same stem and a non-image extension ({@code 1.jpg} has
 *       {@code 1.json}, {@code 1.xml}, {@code 1.txt}), or the image's full name plus an extension
 *       ({@code 1.jpg.json});</li>
 *   <li>{@code annotations/} at the dataset root, mirroring the image's path below {@code data/}
 *       ({@code data/cat/1.jpg} has {@code annotations/cat/1.json}); here any extension counts, since
 *       masks are often images.</li>
 * </ul>
 * When another image in the same folder shares the stem ({@code 1.jpg} and {@code 1.png}), the sidecar
 * could belong to either, so none is returned: a sidecar left in place loses nothing.
 */
public final class SidecarFinder {
    /** Finds nothing: annotations are off. */
    public static final SidecarFinder NONE = new SidecarFinder(false);

    private final boolean enabled;

    private SidecarFinder(boolean enabled) {
        this.enabled = enabled;
    }

    /** A finder that follows {@link ScanOptions#annotations()}. */
    public static SidecarFinder of(ScanOptions options) {
        return options.annotations() ? new SidecarFinder(true) : NONE;
    }

    /** The sidecar files of {@code image} as absolute paths, sorted; empty when annotations are off. */
    public List<Path> sidecarsOf(ImageFile image) {
        if (!enabled) {
            return List.of();
        }
        Path imagePath = image.path();
        String imageName = imagePath.getFileName().toString();
        String stem = ImageExtensions.stem(imageName);
        List<Path> out = new ArrayList<>();
        boolean ambiguous = false;
        for (Path p : list(imagePath.getParent())) {
            String name = p.getFileName().toString();
            if (name.equals(imageName) || !belongsTo(name, stem, imageName)) {
                continue;
            }
            if (ImageExtensions.isImage(name)) {
                if (ImageExtensions.stem(name).equals(stem)) {
                    ambiguous = true;
                }
            } else if (isFile(p)) {
                out.add(p);
            }
        }
        if (ambiguous) {
            return List.of();
        }
        String rel = image.relativePath();
        String mirror = rel.startsWith("data/") ? rel.substring("data/".length()) : rel;
        Path annotationDir = image.dataset().root().resolve("annotations").resolve(mirror).getParent();
        if (!annotationDir.normalize().equals(imagePath.getParent().normalize())) {
            for (Path p : list(annotationDir)) {
                if (belongsTo(p.getFileName().toString(), stem, imageName) && isFile(p)) {
                    out.add(p);
                }
            }
        }
        out.sort(null);
        return out;
    }

    private static boolean belongsTo(String name, String stem, String imageName) {
        return ImageExtensions.stem(name).equals(stem) || ImageExtensions.stem(name).equals(imageName);
    }

    private static boolean isFile(Path p) {
        return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p);
    }

    private static List<Path> list(Path dir) {
        List<Path> out = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(out::add);
        } catch (IOException e) {
            // An unreadable folder has no sidecars we could move anyway.
        }
        return out;
    }
}
