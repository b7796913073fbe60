package io.sealer.core.sim;

/** A simulation file that cannot be run; the message names the field ("workers[2].memPhysical: ..."). */
public final class SimInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public SimInputException(String field, String message) {
        super(field.isEmpty() ? message : field + ": " + message);
        this.field = field;
    }

    /** The JSON path of the offending field, empty for the whole document. */
    public String field() {
        return field;
    }
}
