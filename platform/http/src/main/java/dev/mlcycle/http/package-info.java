/**
 * What every service's HTTP surface shares, on the JAX-RS API alone (no Quarkus): the one {@link
 * dev.mlcycle.http.MlcycleExceptionMapper}. The jar carries a Jandex index so that Quarkus finds its providers.
 */
package dev.mlcycle.http;
