package io.sealer.cluster.operator;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Resolves the call-id prefix of {@code sealer sealing abort <callid-prefix>} to one job's call
 * id. Unlike the seed, which aborts the first job that matches, an ambiguous prefix is refused
 * with the candidates listed, so that an abort never hits the wrong job.
 */
public final class CallIdPrefix {
    private CallIdPrefix() {}

    /** The one call id starting with {@code prefix} (case-insensitive); otherwise a message saying why not. */
    public static UUID resolve(String prefix, Collection<UUID> callIds) {
        String p = prefix == null ? "" : prefix.trim().toLowerCase(Locale.ROOT);
        if (p.isEmpty()) {
            throw new IllegalArgumentException("no call id given: pass the start of a job's ID as `sealing jobs` shows it");
        }
        if (!p.matches("[0-9a-f-]+")) {
            throw new IllegalArgumentException("'" + prefix + "' is not the start of a call id (expected hex digits such as 1a2b3c4d)");
        }
        List<UUID> matches = callIds.stream().distinct().filter(id -> id.toString().startsWith(p))
                .sorted((a, b) -> a.toString().compareTo(b.toString())).toList();
        if (matches.isEmpty()) {
            throw new IllegalArgumentException("no job with call id starting with " + prefix);
        }
        if (matches.size() > 1) {
            throw new IllegalArgumentException("call id prefix " + prefix + " matches " + matches.size()
                    + " jobs; give more of the id: " + String.join(", ", matches.stream().map(UUID::toString).toList()));
        }
        return matches.get(0);
    }
}
