/**
 * The typed configuration of ingest-service ({@link dev.mlcycle.ingest.config.IngestConfig}, prefix {@code ingest})
 * and its check at start-up.
 */
package dev.mlcycle.ingest.config;
