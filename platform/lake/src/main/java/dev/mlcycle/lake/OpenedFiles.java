package dev.mlcycle.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.FileIO;

/**
 * The data files one write makes, for the two file writers ({@link SortedFileWriter} for records, {@link
 * BatchFileWriter} for row batches): the file being written, the closed ones with their total size, and every
 * location ever opened, so that an aborted write deletes them all, a half-written one included.
 *
 * @param <W> the writer of one file
 */
final class OpenedFiles<W> {
    /** Ends a file's writer and describes the file. */
    interface Closer<W> {
        DataFile close(W writer) throws IOException;
    }

    /** Closes a file's writer without ending the file; it is deleted next. */
    interface Abandoner<W> {
        void abandon(W writer) throws IOException;
    }

    private final String tableName;
    private final FileIO io;
    private final Closer<W> closer;
    private final Abandoner<W> abandoner;
    private final List<DataFile> files = new ArrayList<>();
    private final List<String> opened = new ArrayList<>();
    private W current;
    private long bytes;

    OpenedFiles(String tableName, FileIO io, Closer<W> closer, Abandoner<W> abandoner) {
        this.tableName = tableName;
        this.io = io;
        this.closer = closer;
        this.abandoner = abandoner;
    }

    /** Remembers a file's location before its writer opens it, so that {@link #abort()} deletes it too. */
    void opening(EncryptedOutputFile out) {
        opened.add(out.encryptingOutputFile().location());
    }

    /** The file now written to. */
    void started(W writer) {
        current = writer;
    }

    /** The file written to, or null between files. */
    W current() {
        return current;
    }

    /** Closes the current file, if any, and adds it to the written ones. */
    void closeCurrent() {
        if (current == null) {
            return;
        }
        W w = current;
        current = null;
        DataFile f;
        try {
            f = closer.close(w);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close a data file of " + tableName + ": " + e.getMessage(), e);
        }
        files.add(f);
        bytes += f.fileSizeInBytes();
    }

    /** The closed files. */
    List<DataFile> files() {
        return files;
    }

    /** Their total size in bytes. */
    long bytes() {
        return bytes;
    }

    /** Closes the current file quietly and deletes every file opened. */
    void abort() {
        if (current != null) {
            W w = current;
            current = null;
            try {
                abandoner.abandon(w);
            } catch (IOException | RuntimeException ignored) {
                // the file is deleted below all the same
            }
        }
        for (String location : opened) {
            io.deleteFile(location);
        }
    }
}
