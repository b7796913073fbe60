package io.sealer.cluster.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sealer.cluster.api.ApiJson;
import io.sealer.cluster.api.auth.ApiTokens;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-RPC 2.0 over one request body: parses it, checks each call (version, method, id,
 * parameters, the token's permission), dispatches it to its {@link RpcMethod} and writes the
 * answer. Batches answer in order; notifications (no id) get no answer. Every failure is a
 * JSON-RPC error object with a message for a person, never an exception for the transport.
 */
public final class JsonRpcDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(JsonRpcDispatcher.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Map<String, RpcMethod> methods = new TreeMap<>();

    public JsonRpcDispatcher(Collection<RpcMethod> methods) {
        for (RpcMethod m : methods) {
            if (this.methods.put(m.name(), m) != null) {
                throw new IllegalArgumentException("JSON-RPC method " + m.name() + " is registered twice");
            }
        }
    }

    /** The registered methods by name. */
    public Map<String, RpcMethod> methods() {
        return Map.copyOf(methods);
    }

    /**
     * The answer to {@code body} from the caller holding {@code grant}: the response document,
     * or empty when every call in it was a notification.
     */
    public CompletionStage<Optional<String>> handle(String body, ApiTokens.Grant grant) {
        JsonNode doc;
        try {
            doc = ApiJson.MAPPER.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            doc = null;
        }
        if (doc == null || doc.isMissingNode()) {
            return done(write(error(NullNode.instance, RpcException.PARSE_ERROR, "parse error: the body is not JSON")));
        }
        if (!doc.isArray()) {
            return call(doc, grant).thenApply(r -> r.map(JsonRpcDispatcher::write));
        }
        if (doc.isEmpty()) {
            return done(write(error(NullNode.instance, RpcException.INVALID_REQUEST, "invalid request: the batch is empty")));
        }
        List<CompletableFuture<Optional<ObjectNode>>> calls = new ArrayList<>();
        doc.forEach(element -> calls.add(call(element, grant).toCompletableFuture()));
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            ArrayNode answers = NODES.arrayNode();
            calls.forEach(c -> c.join().ifPresent(answers::add));
            return answers.isEmpty() ? Optional.empty() : Optional.of(write(answers));
        });
    }

    /** One call of a batch or a single request; empty for a notification. */
    private CompletionStage<Optional<ObjectNode>> call(JsonNode request, ApiTokens.Grant grant) {
        if (!request.isObject()) {
            return done(error(NullNode.instance, RpcException.INVALID_REQUEST,
                    "invalid request: expected an object, got " + kind(request)));
        }
        JsonNode idNode = request.get("id");
        JsonNode id = idNode == null ? NullNode.instance : idNode;
        if (idNode != null && !(idNode.isTextual() || idNode.isNumber() || idNode.isNull())) {
            return done(error(NullNode.instance, RpcException.INVALID_REQUEST,
                    "invalid request: id must be a string, a number or null, got " + kind(idNode)));
        }
        JsonNode version = request.get("jsonrpc");
        if (version == null || !version.isTextual() || !version.asText().equals("2.0")) {
            return done(error(id, RpcException.INVALID_REQUEST, "invalid request: \"jsonrpc\" must be \"2.0\""));
        }
        JsonNode methodNode = request.get("method");
        if (methodNode == null || !methodNode.isTextual() || methodNode.asText().isEmpty()) {
            return done(error(id, RpcException.INVALID_REQUEST, "invalid request: \"method\" must be a method name"));
        }
        boolean notification = idNode == null;
        CompletionStage<ObjectNode> answer;
        try {
            RpcMethod method = method(methodNode.asText(), grant);
            List<Object> args = arguments(method, request.get("params"));
            if (method.changesState()) {
                LOG.info("API {} called by token '{}'", method.name(), grant.name().isEmpty() ? "(unnamed)" : grant.name());
            }
            answer = method.invoker().invoke(args).thenApply(result -> success(id, result));
        } catch (RpcException e) {
            answer = CompletableFuture.completedFuture(error(id, e.code(), e.getMessage()));
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.exceptionally(e -> failure(id, methodNode.asText(), e))
                .thenApply(a -> notification ? Optional.empty() : Optional.of(a));
    }

    private RpcMethod method(String name, ApiTokens.Grant grant) {
        RpcMethod method = methods.get(name);
        if (method == null) {
            throw new RpcException(RpcException.METHOD_NOT_FOUND, "method not found: '" + name + "' (this node serves "
                    + String.join(", ", methods.keySet()) + ")");
        }
        if (!grant.permission().includes(method.permission())) {
            throw new RpcException(RpcException.PERMISSION_DENIED, "missing permission to invoke '" + name + "' (need '"
                    + method.permission().label() + "', the token has '" + grant.permission().label() + "')");
        }
        return method;
    }

    /** The positional parameters read as their declared types; a mismatch is -32602 naming the parameter. */
    private static List<Object> arguments(RpcMethod method, JsonNode params) {
        List<RpcMethod.Param> declared = method.params();
        if (params != null && !params.isNull() && !params.isArray()) {
            throw new RpcException(RpcException.INVALID_PARAMS, "invalid params: " + method.name()
                    + " takes its parameters as a list, got " + kind(params));
        }
        int given = params == null || params.isNull() ? 0 : params.size();
        if (given != declared.size()) {
            throw new RpcException(RpcException.INVALID_PARAMS, "invalid params: " + method.name() + " takes "
                    + declared.size() + " parameter(s) " + names(declared) + ", got " + given);
        }
        List<Object> args = new ArrayList<>();
        for (int i = 0; i < given; i++) {
            RpcMethod.Param p = declared.get(i);
            args.add(read(params.get(i), p.type(), "invalid params: " + method.name() + " parameter " + (i + 1)
                    + " (" + p.name() + ")"));
        }
        return args;
    }

    private static Object read(JsonNode value, Class<?> type, String where) {
        boolean ok;
        if (type == Long.class || type == Integer.class) {
            ok = value.isIntegralNumber() && value.canConvertToLong() && (type == Long.class || value.canConvertToInt());
        } else if (type == Boolean.class) {
            ok = value.isBoolean();
        } else if (type == String.class) {
            ok = value.isTextual();
        } else {
            ok = value.isObject() || value.isArray();
        }
        if (!ok) {
            throw new RpcException(RpcException.INVALID_PARAMS, where + ": expected " + expected(type) + ", got "
                    + kind(value));
        }
        try {
            return ApiJson.read(ApiJson.MAPPER.writeValueAsString(value), type);
        } catch (ApiJson.BadRequestException | JsonProcessingException e) {
            throw new RpcException(RpcException.INVALID_PARAMS, where + ": " + e.getMessage());
        }
    }

    private static ObjectNode failure(JsonNode id, String method, Throwable thrown) {
        Throwable e = thrown;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof RpcException r) {
            return error(id, r.code(), r.getMessage());
        }
        if (e instanceof IllegalArgumentException) {
            return error(id, RpcException.APPLICATION_ERROR, e.getMessage());
        }
        if (e instanceof TimeoutException) {
            LOG.warn("API {} got no answer in time", method);
            return error(id, RpcException.INTERNAL_ERROR, "the node did not answer " + method + " in time; try again");
        }
        LOG.error("API {} failed", method, e);
        return error(id, RpcException.INTERNAL_ERROR, "internal error: the node could not answer " + method
                + "; its log has the details");
    }

    private static ObjectNode success(JsonNode id, Object result) {
        ObjectNode answer = envelope(id);
        answer.set("result", ApiJson.MAPPER.valueToTree(result));
        return answer;
    }

    private static ObjectNode error(JsonNode id, int code, String message) {
        ObjectNode answer = envelope(id);
        answer.putObject("error").put("code", code).put("message", message);
        return answer;
    }

    private static ObjectNode envelope(JsonNode id) {
        ObjectNode answer = NODES.objectNode();
        answer.put("jsonrpc", "2.0");
        answer.set("id", id);
        return answer;
    }

    private static String names(List<RpcMethod.Param> params) {
        return "[" + String.join(", ", params.stream().map(RpcMethod.Param::name).toList()) + "]";
    }

    private static String expected(Class<?> type) {
        if (type == Long.class || type == Integer.class) {
            return "an integer";
        }
        if (type == Boolean.class) {
            return "true or false";
        }
        return type == String.class ? "a string" : "an object";
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case NULL, MISSING -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String write(JsonNode node) {
        return ApiJson.write(node);
    }

    private static <T> CompletionStage<Optional<T>> done(T value) {
        return CompletableFuture.completedFuture(Optional.of(value));
    }
}
