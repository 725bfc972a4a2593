package dev.mlcycle.serving.service;

import dev.mlcycle.serving.model.Outputs;

/**
 * What a model version answered for one inference request.
 *
 * @param model the model name
 * @param version the version that answered
 * @param variant which variant answered: {@code champion}, {@code challenger}, or {@code version} when the caller
 *     named a version that is neither
 * @param requestId the request's id (the caller's, else one made up)
 * @param outputs the outputs, one per input row in order
 */
public record Answer(String model, int version, String variant, String requestId, Outputs outputs) {}
