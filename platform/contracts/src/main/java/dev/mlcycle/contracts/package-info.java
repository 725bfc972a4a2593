/**
 * The contracts every mlcycle module shares: topic names and how topics are created, the error type,
 * and the header names of dead letters. Records live in {@code record}, the dataset spec in
 * {@code spec}, JSON codecs in {@code json}, and record validation in {@code validation}.
 */
package dev.mlcycle.contracts;
