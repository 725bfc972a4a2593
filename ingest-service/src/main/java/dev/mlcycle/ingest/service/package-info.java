/**
 * What ingest decides: one {@link dev.mlcycle.ingest.service.TablePipeline} per dataset table (check, buffer, dead
 * letters, exactly-once commits), the {@link dev.mlcycle.ingest.service.IngestSupervisor} that keeps them running,
 * lake housekeeping (compaction, expiry, orphans), and the metrics holder.
 */
package dev.mlcycle.ingest.service;
