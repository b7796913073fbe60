package io.sealer.core.sector;

/** An event the sector's current state does not accept; the sector is left as it was. */
public final class SectorEventRejected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final SectorState state;

    public SectorEventRejected(SectorState state, SectorEvent event) {
        this(state, event, "it accepts " + SectorPlanner.acceptedNames(state));
    }

    public SectorEventRejected(SectorState state, SectorEvent event, String why) {
        super("a sector in " + state + " does not accept " + event.getClass().getSimpleName() + " (" + why + ")");
        this.state = state;
    }

    public SectorState state() {
        return state;
    }
}
