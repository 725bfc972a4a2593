/** Ingest's I/O: Kafka consumers and producers (source topics, dead letters, commit announcements) and the lake. */
package dev.mlcycle.ingest.adapter;
