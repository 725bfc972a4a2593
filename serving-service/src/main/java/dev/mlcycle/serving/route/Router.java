package dev.mlcycle.serving.route;

import dev.mlcycle.contracts.record.ModelRecord;
import dev.mlcycle.serving.host.Deployment;
import dev.mlcycle.serving.host.ServedVersion;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides which served version answers a request under a model's {@link Rollout}, and which one also scores it in
 * the shadow. Stateless and thread-safe: the same deployment, rollout and routing key always give the same choice.
 *
 * <ul>
 *   <li>Without a challenger, whatever the rollout: the champion answers, nothing in the shadow.
 *   <li>{@link Rollout.Mode#CHAMPION_ONLY}: the champion.
 *   <li>{@link Rollout.Mode#CANARY}: the challenger when the key's {@link RoutingKeys#bucket bucket} is below the
 *       weight, else the champion. Weight 0 sends no key to the challenger, weight 1 every key.
 *   <li>{@link Rollout.Mode#SHADOW}: the champion answers; the challenger is the shadow, for the caller to score off
 *       the request path (and log with variant challenger).
 * </ul>
 */
public final class Router {
    /**
     * The outcome of routing one request.
     *
     * @param <B> the batcher type of the versions
     * @param answering the version whose answer goes back
     * @param variant {@value ModelRecord#CHAMPION} or {@value ModelRecord#CHALLENGER}: which alias answered, for the
     *     response's parameters, the logged prediction and the metrics
     * @param shadow the version that also scores the request in the shadow, if any (always the challenger)
     */
    public record Choice<B>(ServedVersion<B> answering, String variant, Optional<ServedVersion<B>> shadow) {
        public Choice {
            Objects.requireNonNull(answering, "answering");
            Objects.requireNonNull(variant, "variant");
            Objects.requireNonNull(shadow, "shadow");
        }
    }

    /**
     * @param routingKey from {@link RoutingKeys#of}; needed in {@link Rollout.Mode#CANARY} only
     * @throws NullPointerException for a canary with a challenger and no routing key
     */
    public <B> Choice<B> route(Deployment<?, B> deployment, Rollout rollout, String routingKey) {
        ServedVersion<B> champion = deployment.champion();
        Optional<ServedVersion<B>> challenger = deployment.challenger();
        if (challenger.isEmpty() || challenger.get() == champion) {
            return new Choice<>(champion, ModelRecord.CHAMPION, Optional.empty());
        }
        return switch (rollout.mode()) {
            case CHAMPION_ONLY -> new Choice<>(champion, ModelRecord.CHAMPION, Optional.empty());
            case SHADOW -> new Choice<>(champion, ModelRecord.CHAMPION, challenger);
            case CANARY -> {
                Objects.requireNonNull(routingKey, "a canary needs a routing key");
                yield RoutingKeys.bucket(routingKey) < rollout.canaryWeight()
                        ? new Choice<>(challenger.get(), ModelRecord.CHALLENGER, Optional.empty())
                        : new Choice<>(champion, ModelRecord.CHAMPION, Optional.empty());
            }
        };
    }
}
