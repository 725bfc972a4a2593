/** Ingest's HTTP surface: status per table and dead-letter inspection. */
package dev.mlcycle.ingest.resource;
