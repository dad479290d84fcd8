package doppel.act;

import doppel.dataset.DatasetScanner;
import doppel.dataset.SidecarFinder;
import doppel.progress.Progress;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The child process {@link KillTest} kills with SIGKILL at a random moment: {@code move DATASET TARGET} moves
 * every image of the dataset into the target, {@code undo JOURNAL} undoes a run. It prints "go" once the JVM is
 * up, right before the work starts, so the kill lands inside the work.
 */
public final class KillWorker {
    private KillWorker() {
    }

    public static void main(String[] args) {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        if (args[0].equals("move")) {
            var files = new DatasetScanner().scanDirs(List.of(Path.of(args[1]))).files();
            ActionPlan plan = ActionPlanner.move(files, Path.of(args[2]), SidecarFinder.NONE);
            System.out.println("go");
            System.out.flush();
            ActionRunner.run(plan, null, false, quiet, Progress.NONE);
        } else {
            Journal.read(Path.of(args[1])); // loads and warms what undo uses, so the kill lands in the undo itself
            System.out.println("go");
            System.out.flush();
            Undo.undo(Path.of(args[1]), false, quiet);
        }
        System.out.println("finished");
    }
}
