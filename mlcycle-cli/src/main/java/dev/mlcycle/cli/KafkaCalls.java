package dev.mlcycle.cli;

import dev.mlcycle.contracts.MlcycleException;
import dev.mlcycle.contracts.MlcycleException.Reason;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaFuture;

/** Admin client calls with bounded waits, and one plain sentence when the broker does not answer. */
final class KafkaCalls {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private KafkaCalls() {}

    static Admin admin(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        return Admin.create(props);
    }

    static <T> T get(KafkaFuture<T> future, String bootstrap) throws InterruptedException {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw noAnswer(bootstrap, e.getCause());
            }
            throw new MlcycleException(
                    Reason.UNAVAILABLE,
                    "Kafka at " + bootstrap + " refused: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw noAnswer(bootstrap, e);
        }
    }

    static MlcycleException noAnswer(String bootstrap, Throwable cause) {
        return new MlcycleException(
                Reason.UNAVAILABLE,
                "no answer from Kafka at " + bootstrap + " within " + TIMEOUT.toSeconds()
                        + " s; is it running? (mlcycle up)",
                cause);
    }
}
