package dev.mlcycle.cli;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/** The last lines a log file got since an offset, to put into an error message. */
final class LogFiles {
    private static final int MAX_BYTES = 256 * 1024;

    private LogFiles() {}

    static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    static String tail(Path file, long fromOffset, int lines) {
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
                return text.isEmpty() ? "(it wrote nothing)" : text;
            }
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
