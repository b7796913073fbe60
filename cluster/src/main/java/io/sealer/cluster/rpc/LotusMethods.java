package io.sealer.cluster.rpc;

import static io.sealer.cluster.rpc.RpcMethod.param;

import io.sealer.cluster.api.auth.Permission;
import io.sealer.cluster.rpc.LotusTypes.CallId;
import java.util.List;

/**
 * The methods {@code /rpc/v0} serves: the Lotus calls that monitoring tools poll, each at the
 * permission Lotus gives it (read &lt; write &lt; admin, see docs/operator-surface.md), and this
 * node's own {@code Sealer.SectorWhy}.
 */
public final class LotusMethods {
    private LotusMethods() {}

    public static List<RpcMethod> all(RpcBackend b) {
        return List.of(
                read("Filecoin.Version", List.of(), a -> b.version()),
                read("Filecoin.SectorsList", List.of(), a -> b.sectorsList()),
                read("Filecoin.SectorsStatus", List.of(param("sector number", Long.class),
                        param("show on-chain info", Boolean.class)),
                        a -> b.sectorsStatus((Long) a.get(0), (Boolean) a.get(1))),
                read("Filecoin.SectorsSummary", List.of(), a -> b.sectorsSummary()),
                read("Filecoin.AuthVerify", List.of(param("token", String.class)), a -> b.authVerify((String) a.get(0))),
                read("Sealer.SectorWhy", List.of(param("sector number", Long.class)), a -> b.sectorWhy((Long) a.get(0))),
                new RpcMethod("Filecoin.PledgeSector", Permission.WRITE, true, List.of(), a -> b.pledgeSector()),
                admin("Filecoin.WorkerStats", List.of(), a -> b.workerStats()),
                admin("Filecoin.WorkerJobs", List.of(), a -> b.workerJobs()),
                admin("Filecoin.SealingSchedDiag", List.of(param("do sched", Boolean.class)),
                        a -> b.sealingSchedDiag((Boolean) a.get(0))),
                admin("Filecoin.StorageList", List.of(), a -> b.storageList()),
                admin("Filecoin.StorageInfo", List.of(param("storage id", String.class)),
                        a -> b.storageInfo((String) a.get(0))),
                new RpcMethod("Filecoin.SealingAbort", Permission.ADMIN, true, List.of(param("call id", CallId.class)),
                        a -> b.sealingAbort((CallId) a.get(0))));
    }

    private static RpcMethod read(String name, List<RpcMethod.Param> params, RpcMethod.Invoker invoker) {
        return new RpcMethod(name, Permission.READ, false, params, invoker);
    }

    private static RpcMethod admin(String name, List<RpcMethod.Param> params, RpcMethod.Invoker invoker) {
        return new RpcMethod(name, Permission.ADMIN, false, params, invoker);
    }
}
