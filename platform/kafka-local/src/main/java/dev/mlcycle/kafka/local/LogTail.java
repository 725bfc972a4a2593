package dev.mlcycle.kafka.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The last lines a log file got since an offset, to put into an error message: the broker's here, and
 * the services' that {@code mlcycle up} starts.
 */
public final class LogTail {
    private static final int MAX_BYTES = 256 * 1024;

    private LogTail() {}

    /** The file's size now, 0 if it does not exist: the offset to pass to {@link #read} later. */
    public static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Up to {@code lines} last lines written after {@code fromOffset}, or a note saying why there are none. */
    public static String read(Path file, long fromOffset, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no log file)";
            }
            try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                long start = Math.max(fromOffset, in.length() - MAX_BYTES);
                start = Math.max(0, Math.min(start, in.length()));
                byte[] bytes = new byte[(int) (in.length() - start)];
                in.seek(start);
                in.readFully(bytes);
                Deque<String> tail = new ArrayDeque<>();
                for (String line : new String(bytes, StandardCharsets.UTF_8).split("\\R")) {
                    tail.addLast(line);
                    if (tail.size() > lines) {
                        tail.removeFirst();
                    }
                }
                String text = String.join(System.lineSeparator(), tail).strip();
                return text.isEmpty() ? "(the broker wrote nothing)" : text;
            }
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
