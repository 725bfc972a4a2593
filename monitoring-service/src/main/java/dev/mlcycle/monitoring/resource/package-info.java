/**
 * monitoring-service over HTTP: the drift reports ({@code /reports}, JSON or an HTML page), the alerts ({@code
 * /alerts}) and the readiness of the report feed. Resources only map and validate; the views and the page come
 * from {@code dev.mlcycle.monitoring.report}. Errors are {@code MlcycleException}s, mapped to their HTTP status by
 * platform/http's one mapper.
 */
package dev.mlcycle.monitoring.resource;
