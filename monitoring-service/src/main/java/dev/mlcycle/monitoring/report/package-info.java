/**
 * What monitoring-service shows people: the drift reports and alerts read back from {@code mlcycle.drift.reports}
 * and {@code mlcycle.alerts} ({@link dev.mlcycle.monitoring.report.ReportHistory}, fed by {@link
 * dev.mlcycle.monitoring.report.ReportFeed}), the JSON views of them ({@link dev.mlcycle.monitoring.report.ReportViews})
 * and the self-contained HTML report page with its charts drawn on the server as SVG ({@link
 * dev.mlcycle.monitoring.report.ReportPage}). Pure Java apart from the feed: no HTTP here, the resources map.
 */
package dev.mlcycle.monitoring.report;
