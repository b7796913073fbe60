package io.sealer.cluster.metrics;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

/**
 * How {@code /metrics} is served, read once from config.
 *
 * @param openWithoutToken {@code sealer.metrics.open-without-token}: serve {@code /metrics}
 *                         to anyone who reaches the API port, with no token (read-only; for a
 *                         Prometheus that cannot send one). Off by default.
 */
public record MetricsSettings(boolean openWithoutToken) {
    public static final String OPEN_WITHOUT_TOKEN = "sealer.metrics.open-without-token";

    public static MetricsSettings fromConfig(Config root) {
        if (!root.hasPath(OPEN_WITHOUT_TOKEN)) {
            return new MetricsSettings(false);
        }
        try {
            return new MetricsSettings(root.getBoolean(OPEN_WITHOUT_TOKEN));
        } catch (ConfigException.WrongType e) {
            throw new IllegalArgumentException(OPEN_WITHOUT_TOKEN + " must be on or off, got '"
                    + root.getValue(OPEN_WITHOUT_TOKEN).unwrapped() + "'");
        }
    }
}
