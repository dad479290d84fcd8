package doppel.cli;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Keeps the native libraries' harmless chatter off stderr. OpenCV's bundled libpng prints
 * "libpng warning: iCCP: known incorrect sRGB profile" for many real PNGs, and libtorch prints
 * "Could not initialize NNPACK" on CPUs NNPACK does not support; both write to file descriptor 2 directly,
 * past anything Java can configure.
 *
 * <p>So file descriptor 2 becomes a pipe that a daemon thread reads line by line: known noise is dropped
 * (in quiet runs every native warning), everything else goes on to the real stderr, where Java's own
 * {@code System.err} now writes directly. Linux only (the native libraries Doppel ships are Linux builds);
 * elsewhere, when anything fails, or with DOPPEL_NATIVE_STDERR=1 (to see everything), stderr is left as it is.
 */
final class NativeStderr {
    /** Lines the native libraries print that never need the user's attention. */
    private static final Pattern NOISE = Pattern.compile(
            "^libpng warning: iCCP: .*|.*Could not initialize NNPACK.*");
    /** Lines that are warnings, not errors: dropped too in quiet runs. */
    private static final Pattern WARNING = Pattern.compile("(?i)^(libpng warning|\\[W |warning).*");

    private interface LibC extends Library {
        int dup(int fd);

        int dup2(int from, int to);

        int pipe(int[] fds);

        int close(int fd);

        long read(int fd, byte[] buffer, long count);

        long write(int fd, byte[] buffer, long count);
    }

    /** Writes straight to a file descriptor: sharing its file offset, as the descriptor it was duplicated from. */
    private static final class FdOutputStream extends OutputStream {
        private final LibC libc;
        private final int fd;

        FdOutputStream(LibC libc, int fd) {
            this.libc = libc;
            this.fd = fd;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            byte[] chunk = off == 0 && len == b.length ? b : java.util.Arrays.copyOfRange(b, off, off + len);
            int done = 0;
            while (done < len) {
                byte[] rest = done == 0 ? chunk : java.util.Arrays.copyOfRange(chunk, done, len);
                long n = libc.write(fd, rest, rest.length);
                if (n <= 0) {
                    throw new IOException("cannot write to stderr");
                }
                done += (int) n;
            }
        }
    }

    /** Reads a file descriptor (the pipe's read end) until end of file. */
    private static final class FdInputStream extends InputStream {
        private final LibC libc;
        private final int fd;

        FdInputStream(LibC libc, int fd) {
            this.libc = libc;
            this.fd = fd;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            byte[] buffer = new byte[len];
            long n = libc.read(fd, buffer, len);
            if (n <= 0) {
                return -1;
            }
            System.arraycopy(buffer, 0, b, off, (int) n);
            return (int) n;
        }
    }

    private NativeStderr() {
    }

    /**
     * Installs the filter for the rest of the process. Call before anything captures {@code System.err}
     * (picocli's writers do) and before a native library loads.
     */
    static void install(boolean quiet) {
        if (!Platform.isLinux() || "1".equals(System.getenv("DOPPEL_NATIVE_STDERR"))) {
            return;
        }
        try {
            LibC libc = Native.load("c", LibC.class);
            int saved = libc.dup(2);
            int[] pipe = new int[2];
            if (saved < 0 || libc.pipe(pipe) != 0) {
                return;
            }
            // Through the duplicated descriptor itself: a stderr redirected to the same file as stdout keeps one
            // shared offset, so neither writes over the other.
            PrintStream realErr = new PrintStream(new FdOutputStream(libc, saved), true, StandardCharsets.UTF_8);
            InputStream fromNative = new FdInputStream(libc, pipe[0]);
            if (libc.dup2(pipe[1], 2) < 0) {
                return;
            }
            libc.close(pipe[1]);
            System.setErr(realErr);
            Thread forwarder = new Thread(() -> forward(fromNative, realErr, quiet), "native-stderr");
            forwarder.setDaemon(true);
            forwarder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                // Give fd 2 back: the pipe's last writer closes, the forwarder drains what is left and stops.
                libc.dup2(saved, 2);
                try {
                    forwarder.join(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        } catch (LinkageError | RuntimeException e) {
            // No filter: the noise shows, nothing else changes.
        }
    }

    private static void forward(InputStream fromNative, PrintStream realErr, boolean quiet) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(fromNative, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (!shown(line, quiet)) {
                    continue;
                }
                realErr.println(line);
            }
        } catch (IOException e) {
            // The pipe closed: nothing more to forward.
        }
    }

    /** Whether a line a native library wrote to stderr reaches the user. */
    static boolean shown(String line, boolean quiet) {
        // Two decoding threads warning at once interleave their writes: one line holding both messages, then
        // an empty one. Empty lines carry nothing.
        return !line.isBlank() && !NOISE.matcher(line).matches() && !(quiet && WARNING.matcher(line).matches());
    }
}
