/**
 * JSON for mlcycle records: the shared mapper configuration ({@link dev.mlcycle.contracts.json.Json})
 * and a typed codec per record ({@link dev.mlcycle.contracts.json.JsonCodec}) whose errors name the
 * source, the field, what was expected and what came.
 */
package dev.mlcycle.contracts.json;
