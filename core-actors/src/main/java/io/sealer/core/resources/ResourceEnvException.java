package io.sealer.core.resources;

/** A resource override variable has a value that does not parse. */
public final class ResourceEnvException extends IllegalArgumentException {
    private final String variable;

    public ResourceEnvException(String variable, String value, String expected) {
        super("invalid value for " + variable + ": '" + value + "' (expected " + expected + ")");
        this.variable = variable;
    }

    public String variable() {
        return variable;
    }
}
