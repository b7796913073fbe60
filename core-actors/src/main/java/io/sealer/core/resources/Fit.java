package io.sealer.core.resources;

/** The outcome of a fit check, in the order the checks run (docs/scheduling.md). */
public enum Fit {
    OK("fits"),
    MAX_CONCURRENT("at its MaxConcurrent limit"),
    PHYSICAL_MEMORY("not enough physical memory"),
    VIRTUAL_MEMORY("not enough memory + swap"),
    CPU("not enough free threads"),
    GPU("not enough free GPU");

    private final String reason;

    Fit(String reason) {
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
