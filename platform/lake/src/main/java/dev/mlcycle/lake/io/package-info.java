/**
 * File access for the lake: {@link dev.mlcycle.lake.io.LocalFileIO}, an Iceberg {@code FileIO} over
 * the local file system through {@code java.nio}, without Hadoop's {@code FileSystem} (no {@code
 * .crc} side files, fsync on close).
 */
package dev.mlcycle.lake.io;
