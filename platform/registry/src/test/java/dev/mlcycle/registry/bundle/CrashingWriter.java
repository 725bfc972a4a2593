package dev.mlcycle.registry.bundle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A child process for {@link BundleStoreTest}: starts writing a bundle, prints the staging directory
 * once part of it is on disk, and blocks there until the test kills it, as a crash in the middle of a
 * write would.
 */
public final class CrashingWriter {
    static final String STAGED = "STAGED ";
    static final String MODEL = "crashy";

    private CrashingWriter() {}

    public static void main(String[] args) throws Exception {
        new BundleStore(Path.of(args[0])).write(MODEL, 1, dir -> {
            Files.writeString(dir.resolve(BundleFiles.MODEL), "half a model");
            System.out.println(STAGED + dir.toAbsolutePath());
            System.out.flush();
            try {
                new CountDownLatch(1).await(); // until killed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        System.exit(3); // never reached when killed
    }
}
