/**
 * Ingestion: Kafka to a validated, sorted Iceberg/Parquet lake, exactly once, with rejected records sent to the dataset's dead-letter topic.
 *
 * <p>For now the service answers health ({@code /q/health}) and metrics ({@code /q/metrics}) only;
 * its typed configuration is in {@link dev.mlcycle.ingest.config}.
 */
package dev.mlcycle.ingest;
