/**
 * The {@code mlcycle} command (picocli): one class per subcommand ({@code up}, {@code generate},
 * {@code topics}, {@code dlq}, {@code lake}, {@code train}, {@code runs}, {@code models}, {@code
 * promote}, {@code rollback}), the options they share, and what {@code up} needs to run the services as
 * supervised child processes ({@link dev.mlcycle.cli.ServiceProcess}, {@link
 * dev.mlcycle.cli.RestartPolicy}). {@code runs} and {@code models} read their topics straight from
 * Kafka; {@code train}, {@code promote} and {@code rollback} call training-service over HTTP ({@link
 * dev.mlcycle.cli.TrainingClient}) with the admin token ({@link dev.mlcycle.cli.AdminToken}). Bad input
 * exits with 2, an unreachable broker or service with 69.
 */
package dev.mlcycle.cli;
