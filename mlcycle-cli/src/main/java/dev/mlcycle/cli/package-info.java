/**
 * The {@code mlcycle} command (picocli): one class per subcommand ({@code up}, {@code generate},
 * {@code topics}, {@code dlq}, {@code lake}), the options they share, and what {@code up} needs to run
 * the services as supervised child processes ({@link dev.mlcycle.cli.ServiceProcess}, {@link
 * dev.mlcycle.cli.RestartPolicy}). Bad input exits with 2, an unreachable broker with 69.
 */
package dev.mlcycle.cli;
