package dev.mlcycle.lake.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.BulkDeletionFailureException;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;
import org.apache.iceberg.io.SupportsBulkOperations;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * An Iceberg {@code FileIO} on the local file system. Locations are absolute paths, with or without a
 * {@code file:} scheme. Output files are created exclusively ({@code create()} fails if the file
 * exists), buffered, and forced to disk when closed, so a committed snapshot never points at a file
 * that a crash could still lose.
 */
public final class LocalFileIO implements SupportsPrefixOperations, SupportsBulkOperations {
    private static final long serialVersionUID = 1L;
    private static final int BUFFER_BYTES = 64 << 10;

    private HashMap<String, String> properties = new HashMap<>();

    /** Iceberg loads FileIO implementations through their no-argument constructor. */
    public LocalFileIO() {}

    @Override
    public void initialize(Map<String, String> props) {
        this.properties = new HashMap<>(props);
    }

    @Override
    public Map<String, String> properties() {
        return Map.copyOf(properties);
    }

    /** The local path of a location: {@code file:/a/b}, {@code file:///a/b} and {@code /a/b} are the same. */
    public static Path path(String location) {
        String p = location;
        if (p.startsWith("file://")) {
            p = p.substring("file://".length());
        } else if (p.startsWith("file:")) {
            p = p.substring("file:".length());
        }
        return Path.of(p);
    }

    @Override
    public InputFile newInputFile(String location) {
        return new LocalInputFile(location, -1);
    }

    @Override
    public InputFile newInputFile(String location, long length) {
        return new LocalInputFile(location, length);
    }

    @Override
    public OutputFile newOutputFile(String location) {
        return new LocalOutputFile(location);
    }

    @Override
    public void deleteFile(String location) {
        try {
            Files.deleteIfExists(path(location));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + location + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void deleteFiles(Iterable<String> locations) throws BulkDeletionFailureException {
        int failed = 0;
        for (String location : locations) {
            try {
                Files.deleteIfExists(path(location));
            } catch (IOException e) {
                failed++;
            }
        }
        if (failed > 0) {
            throw new BulkDeletionFailureException(failed);
        }
    }

    @Override
    public Iterable<FileInfo> listPrefix(String prefix) {
        Path root = path(prefix);
        if (!Files.exists(root)) {
            return List.of();
        }
        List<FileInfo> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                BasicFileAttributes attrs;
                try {
                    attrs = Files.readAttributes(p, BasicFileAttributes.class);
                } catch (NoSuchFileException gone) {
                    continue; // deleted while listing
                }
                if (attrs.isRegularFile()) {
                    files.add(new FileInfo(
                            p.toString(), attrs.size(), attrs.lastModifiedTime().toMillis()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + prefix + ": " + e.getMessage(), e);
        }
        return files;
    }

    @Override
    public void deletePrefix(String prefix) {
        Path root = path(prefix);
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + prefix + ": " + e.getMessage(), e);
        }
    }

    private static final class LocalInputFile implements InputFile {
        private final String location;
        private final Path file;
        private long length;

        LocalInputFile(String location, long length) {
            this.location = location;
            this.file = path(location);
            this.length = length;
        }

        @Override
        public long getLength() {
            if (length < 0) {
                try {
                    length = Files.size(file);
                } catch (NoSuchFileException e) {
                    throw new NotFoundException(e, "file does not exist: %s", location);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the size of " + location, e);
                }
            }
            return length;
        }

        @Override
        public SeekableInputStream newStream() {
            try {
                return new ChannelInputStream(FileChannel.open(file, StandardOpenOption.READ));
            } catch (NoSuchFileException e) {
                throw new NotFoundException(e, "file does not exist: %s", location);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open " + location, e);
            }
        }

        @Override
        public String location() {
            return location;
        }

        @Override
        public boolean exists() {
            return Files.exists(file);
        }

        @Override
        public String toString() {
            return location;
        }
    }

    private static final class LocalOutputFile implements OutputFile {
        private final String location;
        private final Path file;

        LocalOutputFile(String location) {
            this.location = location;
            this.file = path(location);
        }

        @Override
        public PositionOutputStream create() {
            return open(StandardOpenOption.CREATE_NEW);
        }

        @Override
        public PositionOutputStream createOrOverwrite() {
            return open(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        }

        private PositionOutputStream open(StandardOpenOption... how) {
            try {
                Files.createDirectories(file.getParent());
                StandardOpenOption[] options = Stream.concat(Stream.of(StandardOpenOption.WRITE), Stream.of(how))
                        .toArray(StandardOpenOption[]::new);
                return new ChannelOutputStream(FileChannel.open(file, options));
            } catch (FileAlreadyExistsException e) {
                throw new AlreadyExistsException(e, "file already exists: %s", location);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + location + ": " + e.getMessage(), e);
            }
        }

        @Override
        public String location() {
            return location;
        }

        @Override
        public InputFile toInputFile() {
            return new LocalInputFile(location, -1);
        }

        @Override
        public String toString() {
            return location;
        }
    }

    /** Reads a channel directly: Parquet and Avro read in blocks, so no buffer of our own. */
    private static final class ChannelInputStream extends SeekableInputStream {
        private final FileChannel channel;

        ChannelInputStream(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public long getPos() throws IOException {
            return channel.position();
        }

        @Override
        public void seek(long newPos) throws IOException {
            channel.position(newPos);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n <= 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            return channel.read(ByteBuffer.wrap(b, off, len));
        }

        @Override
        public long skip(long n) throws IOException {
            long pos = channel.position();
            long target = Math.min(channel.size(), pos + Math.max(0, n));
            channel.position(target);
            return target - pos;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(Integer.MAX_VALUE, Math.max(0, channel.size() - channel.position()));
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** Buffers writes, tracks the position, and forces the file to disk on close. */
    private static final class ChannelOutputStream extends PositionOutputStream {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
        private long flushed;
        private boolean closed;

        ChannelOutputStream(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public long getPos() {
            return flushed + buffer.position();
        }

        @Override
        public void write(int b) throws IOException {
            if (!buffer.hasRemaining()) {
                drain();
            }
            buffer.put((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len >= BUFFER_BYTES) {
                drain();
                ByteBuffer direct = ByteBuffer.wrap(b, off, len);
                while (direct.hasRemaining()) {
                    flushed += channel.write(direct);
                }
                return;
            }
            if (len > buffer.remaining()) {
                drain();
            }
            buffer.put(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            drain();
        }

        private void drain() throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) {
                flushed += channel.write(buffer);
            }
            buffer.clear();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try (channel) {
                drain();
                channel.force(true);
            }
        }
    }
}
