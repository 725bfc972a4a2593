/**
 * The {@code mlcycle} command (picocli): one class per subcommand ({@code up}, {@code generate},
 * {@code topics}, {@code dlq}, {@code lake}, {@code train}, {@code runs}, {@code models}, {@code
 * promote}, {@code rollback}, {@code predict}), the options they share, and what {@code up} needs to run the services as
 * supervised child processes ({@link dev.mlcycle.cli.ServiceProcess}, {@link
 * dev.mlcycle.cli.RestartPolicy}). {@code runs} and {@code models} read their topics straight from
 * Kafka; {@code train}, {@code promote} and {@code rollback} call training-service over HTTP ({@link
 * dev.mlcycle.cli.TrainingClient}) with the admin token ({@link dev.mlcycle.cli.AdminToken}); {@code predict}
 * calls serving-service's Open Inference Protocol v2 endpoint ({@link dev.mlcycle.cli.OipRequests}); both through
 * the one HTTP client {@link dev.mlcycle.cli.ServiceClient}. Bad input
 * exits with 2, an unreachable broker or service with 69.
 */
package dev.mlcycle.cli;
