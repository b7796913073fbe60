package io.sealer.cluster.sectors.api;

/**
 * The body of {@code POST /api/v0/sectors/pledge}: how many committed-capacity sectors to
 * start (default 1) and how many of them are marked as holding deals (default 0).
 */
public record PledgeRequest(Integer count, Integer deals) {
    /** The most sectors one request may start. */
    public static final int MAX_COUNT = 1000;

    public int countOrDefault() {
        return count == null ? 1 : count;
    }

    public int dealsOrDefault() {
        return deals == null ? 0 : deals;
    }

    /** Why the request cannot be done, or null when it can. */
    public String problem() {
        int n = countOrDefault();
        int d = dealsOrDefault();
        if (n < 1 || n > MAX_COUNT) {
            return "field 'count': expected 1 to " + MAX_COUNT + ", got " + n;
        }
        if (d < 0 || d > n) {
            return "field 'deals': expected 0 to count (" + n + "), got " + d;
        }
        return null;
    }
}
