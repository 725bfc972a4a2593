/**
 * The Open Inference Protocol (KServe / Triton "v2") over REST, as bytes in and bytes out, with no HTTP framework:
 * {@link dev.mlcycle.serving.oip.OipCodec} turns an infer request (JSON, or JSON plus the binary tensor data
 * extension) into a {@link dev.mlcycle.serving.model.Frame} checked against the model's dataset spec with the same
 * field checks ingest uses, and turns {@link dev.mlcycle.serving.model.Outputs} into the response, in JSON or binary
 * as the request asked. It also writes the model and server metadata. Every malformed input is a {@link
 * dev.mlcycle.contracts.MlcycleException} (400 or 413) naming the input, the row and what was expected; the HTTP
 * resource only maps headers and status codes to and from it. The protocol mapping is in the service's README
 * ("Open Inference Protocol").
 */
package dev.mlcycle.serving.oip;
