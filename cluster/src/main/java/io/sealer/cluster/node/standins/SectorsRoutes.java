// WAVE-2 STAND-IN (branch wip2-node only): delete this file at merge; the API engineer's
// io/sealer/cluster/sectors/SectorsRoutes.java (contract C2) replaces it.
package io.sealer.cluster.sectors;

import io.sealer.cluster.api.NodeHttp;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** Stand-in of contract C2: serves nothing, so requests fall through to the other routes. */
public final class SectorsRoutes extends AllDirectives {
    private final SectorsService sectors;

    public SectorsRoutes(SectorsService sectors) {
        this.sectors = sectors;
    }

    public Route routes(NodeHttp.Caller caller) {
        return reject();
    }

    SectorsService sectors() {
        return sectors;
    }
}
