/**
 * training-service's HTTP surface: training runs ({@code /training/runs}), the registry ({@code /models}, promote and
 * roll back), the inbound Alertmanager webhook ({@code /alertmanager}), readiness and the request body limit.
 * Resources map and validate only; {@link
 * dev.mlcycle.training.service.TrainingService} decides.
 */
package dev.mlcycle.training.resource;
