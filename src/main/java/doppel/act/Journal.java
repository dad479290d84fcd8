package doppel.act;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import doppel.dataset.DatasetScanner;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The journal of a run: one JSON object per line, appended and fsync'ed, so that after a crash it tells
 * exactly which files may have moved. Record types:
 * <ul>
 *   <li>{@code header}: tool, journal_version ({@value #VERSION}), version, run id, kind (move/delete/copy/link),
 *       target dir, datasets (the roots the sources lie in), cwd, time, command;</li>
 *   <li>{@code mkdir}: a directory the run created (undo removes it again when empty);</li>
 *   <li>{@code marker}: the duplicates marker file a move or delete run created (path);</li>
 *   <li>{@code intent}: written and fsync'ed before a file is touched: seq, op (move, delete, copy, link),
 *       src, dst, size, mtime, sidecar, sha256 (of the file, taken before it is touched; links need none) and
 *       for copies and moves across file systems the temp name tmp; a later intent with the same seq
 *       supersedes an earlier one (a link that fell back to a copy);</li>
 *   <li>{@code copied}: a move across file systems has its verified copy at the temp name and renames it to dst
 *       next, then deletes the source;</li>
 *   <li>{@code done} / {@code failed}: the operation's outcome;</li>
 *   <li>{@code problem}: a file left alone, with the reason;</li>
 *   <li>{@code end}: the run finished (files, bytes, problems);</li>
 *   <li>{@code undo-tmp} (seq, tmp: announced before undo creates that temp name), {@code undone},
 *       {@code undo-end}, {@code purged}, {@code purge-end}: written by undo and purge.</li>
 * </ul>
 * A reader ignores a last line cut off by a crash. {@link #read} is the one reader, and it distrusts the file.
 */
final class Journal implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The journal format written; its intents carry size and SHA-256 of every file, which undo checks. */
    static final int VERSION = 2;

    private final FileChannel channel;

    private Journal(FileChannel channel) {
        this.channel = channel;
    }

    /** Creates a new journal; fails if the file exists. */
    static Journal create(Path file) throws IOException {
        return new Journal(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    }

    /** Opens an existing journal for appending, first ending a line cut off by a crash. */
    static Journal append(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
        long size = ch.size();
        ch.position(size);
        if (size > 0) {
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.read(last, size - 1);
            if (last.get(0) != '\n') {
                ch.write(ByteBuffer.wrap(new byte[] {'\n'}));
            }
        }
        return new Journal(ch);
    }

    /** A new record of the given type. */
    static ObjectNode record(String type) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", type);
        return n;
    }

    /** Appends a record; with {@code sync} it is on disk when this returns. */
    void write(ObjectNode record, boolean sync) throws IOException {
        byte[] line = (JSON.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.wrap(line);
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        if (sync) {
            channel.force(false);
        }
    }

    @Override
    public void close() throws IOException {
        channel.force(false);
        channel.close();
    }

    /** Reads the records of a journal file; lines that do not parse (a line cut off by a crash) are skipped. */
    private static List<JsonNode> records(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        // Decoded leniently: a cut-off line may end inside a multi-byte character.
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode n = JSON.readTree(line);
                if (n != null && n.isObject()) {
                    out.add(n);
                }
            } catch (IOException e) {
                // a cut-off line: the operation it announced never started (intents are synced first)
            }
        }
        return out;
    }

    /**
     * One announced operation.
     *
     * @param seq     its number in the run
     * @param op      move, delete, copy or link
     * @param src     the file's place before the run
     * @param dst     its place in the target
     * @param size    its size, taken before the operation
     * @param sha256  its SHA-256, taken before the operation (null only for links, which undo checks by inode)
     * @param tmp     the temp name of a cross-file-system copy beside {@code dst}, or null
     * @param sidecar true for an annotation file that went with its image
     */
    record Intent(int seq, String op, Path src, Path dst, long size, String sha256, Path tmp, boolean sidecar) {
    }

    /**
     * A journal as read and checked, the one reader of {@link Undo} and {@link Purge}: everything they act on
     * comes from here and has passed {@link #read}'s checks.
     *
     * @param target     the run's target folder, as a real path
     * @param intents    by seq, in run order (a later intent with the same seq supersedes: a link fell back to a copy)
     * @param done       seqs whose operation finished
     * @param failed     seqs whose operation failed: nothing at their destination is the run's
     * @param copied     seqs of cross-file-system moves whose verified temp copy was about to be renamed into place
     * @param finished   seqs already undone or purged
     * @param mkdirs     folders the run created inside its target
     * @param undoTemps  temp names undo announced for a seq, beside its source
     * @param marker     the duplicates marker the run created, or null
     * @param complete   the run wrote its end record
     */
    record Log(Path file, Path target, String runId, String kind, List<Path> roots, Map<Integer, Intent> intents,
               Set<Integer> done, Set<Integer> failed, Set<Integer> copied, Set<Integer> finished, List<Path> mkdirs,
               Map<Integer, List<Path>> undoTemps, Path marker, boolean complete) {

        /** Where a move or delete of this run puts files: the target, or for deletes its trash folder of the run. */
        Path destinationRoot() {
            return kind.equals("delete") ? target.resolve(".trash").resolve(runId) : target;
        }
    }

    /** Run ids are plain names (they become a folder name under .trash). */
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /**
     * Reads a journal and checks that Doppel wrote it for its target and that every record stays within what
     * that run may touch. A journal is a file in a shared folder, so anything it says is checked before undo or
     * purge acts on it; one violation refuses the whole journal (nothing is touched).
     *
     * @throws IllegalArgumentException with a one-line reason when the file is no such journal
     */
    static Log read(Path file) {
        String name = file.toString();
        BasicFileAttributes fa = FileOps.attrs(file);
        if (fa == null || !fa.isRegularFile()) {
            throw new IllegalArgumentException(fa != null && fa.isSymbolicLink()
                    ? "refusing journal " + name + ": a symbolic link" : "no such journal: " + name);
        }
        List<JsonNode> records;
        try {
            records = records(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read journal " + name + ": " + e.getMessage());
        }
        if (records.isEmpty() && DatasetScanner.isJournalName(file.getFileName().toString())) {
            // The header is synced before any file is touched, so its run moved nothing.
            throw new IllegalArgumentException("journal " + name + " has no header: its run was stopped before it"
                    + " moved anything; nothing to undo");
        }
        if (records.isEmpty() || !"header".equals(records.get(0).path("type").asText())
                || !"doppel".equals(records.get(0).path("tool").asText())) {
            throw new IllegalArgumentException("not a doppel journal: " + name);
        }
        JsonNode h = records.get(0);
        if (h.path("journal_version").asInt(1) != VERSION) {
            throw refuse(file, "written by an older doppel (journal version " + h.path("journal_version").asInt(1)
                    + ") without the file digests undo needs to check identity");
        }
        checkOwner(file);
        String runId = h.path("run").asText("");
        if (!RUN_ID.matcher(runId).matches()) {
            throw refuse(file, "run id '" + runId + "' is not a plain name");
        }
        String kind = h.path("kind").asText("");
        if (!List.of("move", "delete", "copy", "link").contains(kind)) {
            throw refuse(file, "unknown kind '" + kind + "'");
        }
        Path target = absolute(file, h.path("target"), "target");
        if (target.getParent() == null) {
            throw refuse(file, "its target " + target + " is a file system root");
        }
        Path realTarget;
        try {
            realTarget = target.toRealPath();
        } catch (IOException e) {
            throw refuse(file, "its target " + target + " does not exist");
        }
        Path realFile = FileOps.realPath(file);
        Path home = kind.equals("copy") || kind.equals("link") ? realTarget.resolve(".doppel") : realTarget;
        if (!realFile.getParent().equals(home) || !realFile.getFileName().toString()
                .equals("doppel-journal-" + runId + ".jsonl")) {
            throw refuse(file, "it is not the journal doppel-journal-" + runId + ".jsonl of its target " + target);
        }
        List<Path> roots = new ArrayList<>();
        for (JsonNode r : h.path("datasets")) {
            Path root = absolute(file, r, "dataset root");
            if (root.getParent() == null) {
                throw refuse(file, "dataset root " + root + " is a file system root");
            }
            Path real = FileOps.realPath(root);
            if (real.startsWith(realTarget)) {
                throw refuse(file, "dataset root " + root + " lies inside its target");
            }
            roots.add(real);
        }
        Log log = new Log(file, realTarget, runId, kind, List.copyOf(roots), new LinkedHashMap<>(), new HashSet<>(),
                new HashSet<>(), new HashSet<>(), new HashSet<>(), new ArrayList<>(), new HashMap<>(),
                null, false);
        Path marker = null;
        boolean complete = false;
        for (JsonNode r : records.subList(1, records.size())) {
            int seq = r.path("seq").asInt(-1);
            switch (r.path("type").asText()) {
                case "intent" -> log.intents().put(seq, intent(log, r));
                case "done" -> log.done().add(seq);
                case "failed" -> log.failed().add(seq);
                case "copied" -> log.copied().add(seq);
                case "undone", "purged" -> log.finished().add(seq);
                case "end" -> complete = true;
                case "mkdir" -> {
                    Path dir = absolute(file, r.path("path"), "mkdir");
                    // The run also records the missing parents of its target; only folders inside it are undone.
                    if (FileOps.strictlyInside(dir, realTarget)) {
                        log.mkdirs().add(dir);
                    }
                }
                case "marker" -> {
                    marker = absolute(file, r.path("path"), "marker");
                    if (!FileOps.realPath(marker).equals(realTarget.resolve(DatasetScanner.DUPLICATES_MARKER))) {
                        throw refuse(file, "marker " + marker + " is not its target's " + DatasetScanner.DUPLICATES_MARKER);
                    }
                }
                case "undo-tmp" -> {
                    Intent in = log.intents().get(seq);
                    Path tmp = absolute(file, r.path("tmp"), "undo temp");
                    if (in == null || !tmp.getFileName().toString().startsWith(UNDO_TEMP_PREFIX + runId + "-")
                            || !FileOps.realPath(tmp.getParent()).equals(FileOps.realPath(in.src().getParent()))) {
                        throw refuse(file, "undo temp " + tmp + " is not beside a source of the run");
                    }
                    log.undoTemps().computeIfAbsent(seq, k -> new ArrayList<>()).add(tmp);
                }
                default -> {
                }
            }
        }
        return new Log(file, realTarget, runId, kind, log.roots(), log.intents(), log.done(), log.failed(), log.copied(), log.finished(), log.mkdirs(),
                log.undoTemps(), marker, complete);
    }

    /** The prefix of the temp names undo gives a restore across file systems: {@code .doppel-undo-<run>-<seq>}. */
    static final String UNDO_TEMP_PREFIX = ".doppel-undo-";
    /** The prefix of the temp names a cross-file-system move or a copy uses: {@code .doppel-tmp-<run>-<seq>}. */
    static final String RUN_TEMP_PREFIX = ".doppel-tmp-";

    private static Intent intent(Log log, JsonNode r) {
        Path file = log.file();
        int seq = r.path("seq").asInt(-1);
        String op = r.path("op").asText("");
        boolean ok = switch (log.kind()) {
            case "move", "delete" -> op.equals(log.kind());
            default -> op.equals("copy") || op.equals("link");
        };
        if (seq < 1 || !ok) {
            throw refuse(file, "intent " + seq + " has op '" + op + "' in a " + log.kind() + " run");
        }
        Path src = absolute(file, r.path("src"), "src");
        Path dst = absolute(file, r.path("dst"), "dst");
        long size = r.path("size").asLong(-1);
        String sha = r.path("sha256").isTextual() ? r.path("sha256").asText() : null;
        if (size < 0 || (sha == null ? !op.equals("link") : !SHA256.matcher(sha).matches())) {
            throw refuse(file, "intent " + seq + " lacks the size and SHA-256 of its file");
        }
        Path realDst = FileOps.realPath(dst);
        if (!realDst.startsWith(log.destinationRoot()) || realDst.equals(log.destinationRoot())) {
            throw refuse(file, "intent " + seq + " points outside its target: " + dst);
        }
        Path realSrc = FileOps.realPath(src);
        if (realSrc.startsWith(log.target()) || log.roots().stream().noneMatch(
                root -> realSrc.startsWith(root) && !realSrc.equals(root))) {
            throw refuse(file, "intent " + seq + " has a source outside the run's datasets: " + src);
        }
        Path tmp = null;
        if (r.hasNonNull("tmp")) {
            tmp = absolute(file, r.path("tmp"), "tmp");
            if (!tmp.getParent().equals(dst.getParent())
                    || !tmp.getFileName().toString().startsWith(RUN_TEMP_PREFIX + log.runId() + "-")) {
                throw refuse(file, "intent " + seq + " has a temp name that is not the run's: " + tmp);
            }
        }
        return new Intent(seq, op, src, dst, size, sha, tmp, r.path("sidecar").asBoolean());
    }

    private static Path absolute(Path file, JsonNode value, String what) {
        if (!value.isTextual()) {
            throw refuse(file, what + " is missing");
        }
        try {
            Path p = Path.of(value.asText());
            if (!p.isAbsolute() || !p.normalize().equals(p)) {
                throw refuse(file, what + " " + p + " is not a plain absolute path");
            }
            return p;
        } catch (InvalidPathException e) {
            throw refuse(file, what + " is not a path");
        }
    }

    /**
     * A journal that another user wrote, or that others may append to, cannot prove what this user's run did.
     * Where the process's user id cannot be learned (not on Unix) the check is skipped.
     */
    private static void checkOwner(Path file) {
        try {
            Object uid = Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            long me = new com.sun.security.auth.module.UnixSystem().getUid();
            if (((Number) uid).longValue() != me) {
                throw refuse(file, "owned by another user (uid " + uid + ")");
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw refuse(file, "others may write to it");
            }
        } catch (UnsupportedOperationException | IOException | LinkageError e) {
            // no Unix ownership here: nothing to compare
        }
    }

    private static IllegalArgumentException refuse(Path file, String why) {
        return new IllegalArgumentException("refusing journal " + file + ": " + why + "; nothing changed");
    }
}
