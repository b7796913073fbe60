package io.sealer.cluster.rpc;

/**
 * A JSON-RPC error with its code and a message for the caller. The backend completes with one
 * to answer a call with a specific error (an unknown sector, a call id that matches nothing).
 */
public final class RpcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Not JSON at all. */
    public static final int PARSE_ERROR = -32700;
    /** JSON, but not a JSON-RPC 2.0 request. */
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;
    /** The token's permission is below the method's. */
    public static final int PERMISSION_DENIED = -32001;
    /** The call was understood but cannot be done (unknown sector, ambiguous call id, ...); Lotus's code for errors a method returns. */
    public static final int APPLICATION_ERROR = 1;

    private final int code;

    public RpcException(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
