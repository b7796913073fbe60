package io.sealer.cluster.rpc;

import io.sealer.cluster.api.auth.Permission;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * One JSON-RPC method: its name, the permission a token needs for it, its positional parameters
 * and the call that answers it. {@code changesState} marks the methods whose calls are logged
 * with the token's name.
 */
public record RpcMethod(String name, Permission permission, boolean changesState, List<Param> params, Invoker invoker) {

    public RpcMethod {
        params = List.copyOf(params);
    }

    /** A positional parameter: a name for messages and the Java type it is read as. */
    public record Param(String name, Class<?> type) {}

    /** Answers a call whose parameters have been read and checked (one value per {@link Param}). */
    @FunctionalInterface
    public interface Invoker {
        CompletionStage<?> invoke(List<Object> args);
    }

    public static Param param(String name, Class<?> type) {
        return new Param(name, type);
    }
}
