/**
 * The lake: Apache Iceberg tables (format v2) of sorted, ZSTD-compressed Parquet files, one per
 * dataset and kind ({@code <dataset>.events}, {@code <dataset>.labels}), partitioned by hour, day or
 * month of their time column, under a JDBC catalog on SQLite.
 *
 * <ul>
 *   <li>{@link dev.mlcycle.lake.Lake} opens the catalog and creates, checks, finds and lists tables.
 *   <li>{@link dev.mlcycle.lake.LakeTable} maps events to rows, orders rows, reads the committed Kafka
 *       offsets, lists snapshots, files and partitions, and reads a snapshot.
 *   <li>{@link dev.mlcycle.lake.TableWriter} writes sorted data files and commits them with the
 *       offsets they cover as one APPEND snapshot, exactly once (see {@link
 *       dev.mlcycle.lake.CommitSummary}).
 *   <li>{@link dev.mlcycle.lake.RowBatch} holds rows column by column, without an object per row, for
 *       {@link dev.mlcycle.lake.TableWriter#write(dev.mlcycle.lake.RowBatch)}.
 *   <li>{@link dev.mlcycle.lake.Compactor} merges small files per partition into one REPLACE snapshot.
 *   <li>{@link dev.mlcycle.lake.Maintenance} expires snapshots, removes orphan files, and tags
 *       snapshots to pin them.
 * </ul>
 *
 * <p>The module's README describes the layout on disk and the rules; it depends on contracts,
 * Iceberg, parquet-java and their runtime needs only (Hadoop's client classes, the SQLite driver).
 */
package dev.mlcycle.lake;
