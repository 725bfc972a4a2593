/**
 * training-service's decisions: admitting triggers ({@link dev.mlcycle.training.service.RunDesk}), running runs
 * ({@link dev.mlcycle.training.service.RunExecutor}, which sequences one small class per stage: read, validate,
 * encode, search, train, evaluate, gate, register), the promotion gate ({@link dev.mlcycle.training.service.Gate}),
 * the model card, metrics and the admin token.
 */
package dev.mlcycle.training.service;
