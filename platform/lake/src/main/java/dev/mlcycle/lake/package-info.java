/**
 * The lake: Apache Iceberg tables (format v2) of day-partitioned, sorted, ZSTD Parquet files
 * under a JDBC catalog; the writer, the snapshot reader, compaction and maintenance. Filled by
 * the ingest issue.
 */
package dev.mlcycle.lake;
