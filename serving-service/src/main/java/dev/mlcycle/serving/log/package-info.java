/**
 * The prediction log: every prediction served goes to {@code mlcycle.predictions.<model>} through a bounded buffer
 * and an idempotent producer on a thread of its own, so that a slow or absent broker never holds up an answer; what
 * does not fit is dropped and counted.
 */
package dev.mlcycle.serving.log;
