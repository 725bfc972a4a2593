package dev.mlcycle.cli;

import java.net.URI;

/**
 * The {@link ServiceClient} of training-service (port 8082): runs, models, promote and rollback. Its errors are
 * {@code {"reason": "CONFLICT", "message": "..."}}.
 */
final class TrainingClient extends ServiceClient {
    /** Where {@code mlcycle up} starts training-service. */
    static final String DEFAULT_URL = "http://127.0.0.1:8082";
    /** The environment variable that moves it. */
    static final String URL_ENV = "MLCYCLE_TRAINING_URL";

    static final Service SERVICE = new Service("training-service", "--training-url", URL_ENV, DEFAULT_URL);

    /**
     * @param base the service's base URL, as {@link #baseUrl} checks it
     * @param token the admin token for POSTs, or null for a client that only reads
     * @param actor the person behind admin calls, or null
     */
    TrainingClient(URI base, AdminToken token, String actor) {
        super(SERVICE, base, token, actor);
    }

    /**
     * The service's base URL: {@code --training-url}, else {@value #URL_ENV}, else {@value #DEFAULT_URL}.
     *
     * @throws dev.mlcycle.contracts.MlcycleException INVALID_ARGUMENT for anything but an http(s) URL with a host
     */
    static URI baseUrl(String flag, String env) {
        return ServiceClient.baseUrl(SERVICE, flag, env);
    }
}
