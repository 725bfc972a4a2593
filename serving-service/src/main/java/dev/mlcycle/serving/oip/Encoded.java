package dev.mlcycle.serving.oip;

/**
 * A response body ready to send.
 *
 * @param body the bytes
 * @param contentType {@code application/json}, or {@code application/octet-stream} when binary tensors follow the
 *     JSON
 * @param inferenceHeaderContentLength the JSON header's length in bytes, to send as {@code
 *     Inference-Header-Content-Length}, or null for a pure JSON body
 */
public record Encoded(byte[] body, String contentType, Integer inferenceHeaderContentLength) {}
