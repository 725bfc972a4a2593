package dev.mlcycle.monitoring.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcycle.contracts.MlcycleException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookOptionsTest {
    static final RetryPolicy RETRY = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(100));

    @Test
    void refusesAUrlThatIsNotHttp() {
        assertThatThrownBy(() -> WebhookOptions.of(
                        List.of(URI.create("http://a.example/hook"), URI.create("ftp://b.example/x")),
                        "s",
                        Duration.ofSeconds(5),
                        RETRY))
                .isInstanceOf(MlcycleException.class)
                .hasMessageContaining("monitoring.webhooks.urls[1]: expected an absolute http:// or https:// URL")
                .hasMessageContaining("ftp://b.example/x");
    }

    @Test
    void refusesARelativeUrlAndADuplicate() {
        assertThatThrownBy(() -> WebhookOptions.of(List.of(URI.create("/hook")), "s", Duration.ofSeconds(5), RETRY))
                .hasMessageContaining("monitoring.webhooks.urls[0]");
        URI u = URI.create("https://a.example/hook");
        assertThatThrownBy(() -> WebhookOptions.of(List.of(u, u), "s", Duration.ofSeconds(5), RETRY))
                .hasMessageContaining("monitoring.webhooks.urls[1]: https://a.example/hook is listed twice");
    }

    @Test
    void refusesAnEmptySecretAndANonPositiveTimeout() {
        List<URI> urls = List.of(URI.create("https://a.example/hook"));
        assertThatThrownBy(() -> WebhookOptions.of(urls, "", Duration.ofSeconds(5), RETRY))
                .hasMessageContaining("monitoring.webhooks.secret (or secret-file): expected a non-empty secret");
        assertThatThrownBy(() -> WebhookOptions.of(urls, "s", Duration.ZERO, RETRY))
                .hasMessageContaining("monitoring.webhooks.timeout: expected > 0, got PT0S");
    }

    @Test
    void neverShowsTheSecretOrAUrlsPathInItsDescription() {
        WebhookOptions o = WebhookOptions.of(
                List.of(URI.create("https://hooks.example:8443/services/T000/B000/XXXXSECRET")),
                "top-secret",
                Duration.ofSeconds(5),
                RETRY);
        assertThat(o.toString())
                .doesNotContain("top-secret")
                .doesNotContain("XXXXSECRET")
                .contains("https://hooks.example:8443/…");
        assertThat(Receivers.id(URI.create("https://hooks.example:8443/services/T000/B000/XXXXSECRET")))
                .hasSize(16)
                .isNotEqualTo(Receivers.id(URI.create("https://hooks.example:8443/services/T000/B000/OTHER")));
    }
}
