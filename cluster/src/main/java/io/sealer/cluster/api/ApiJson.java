package io.sealer.cluster.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * The API's JSON: strict on input (an unknown field, a wrong type, "3" or 1.5 for an integer, or a missing number is a
 * 400 naming the field), plain on output. Shared by the server and the CLI's client.
 */
public final class ApiJson {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .findAndAddModules()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private ApiJson() {}

    /** Reads {@code json} as {@code type}; the exception's message names the field and what was expected. */
    public static <T> T read(String json, Class<T> type) throws BadRequestException {
        if (json == null || json.isBlank()) {
            throw new BadRequestException("the request has no JSON body");
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (UnrecognizedPropertyException e) {
            throw new BadRequestException("unknown field '" + e.getPropertyName() + "' (expected "
                    + e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList() + ")");
        } catch (InvalidFormatException e) {
            throw new BadRequestException("field '" + path(e) + "': expected " + simpleName(e.getTargetType())
                    + ", got " + e.getValue());
        } catch (MismatchedInputException e) {
            throw new BadRequestException(subject(e) + ": expected " + simpleName(e.getTargetType()));
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof InputCoercionException c) {
                throw new BadRequestException(subject(e) + ": expected " + simpleName(c.getTargetType())
                        + ", got a number out of its range");
            }
            throw new BadRequestException(subject(e) + ": not a value this API takes");
        } catch (JsonProcessingException e) {
            throw new BadRequestException("malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr());
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** "field 'a.b'", or "the body" when the problem is the whole document. */
    private static String subject(JsonMappingException e) {
        String field = path(e);
        return field.isEmpty() ? "the body" : "field '" + field + "'";
    }

    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static String simpleName(Class<?> type) {
        if (type == null) {
            return "a value";
        }
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return "an integer";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isRecord() || type == java.util.Map.class) {
            return "an object";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return type.getSimpleName();
    }

    /** A request the API cannot take; answered with 400 and this message. */
    public static final class BadRequestException extends Exception {
        private static final long serialVersionUID = 1L;

        public BadRequestException(String message) {
            super(message);
        }
    }
}
