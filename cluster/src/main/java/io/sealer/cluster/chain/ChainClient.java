package io.sealer.cluster.chain;

import io.sealer.core.task.SectorId;
import java.time.Duration;

/**
 * What sealing needs from a Filecoin chain: the ticket a sector is sealed with, and after
 * PreCommit the interactive seed. The default is {@link DevChain}; an adapter to a Lotus full
 * node implements the same interface.
 */
public interface ChainClient {

    /** The 32-byte sealing ticket for a sector (the randomness PreCommit1 binds to). */
    byte[] ticket(SectorId sector);

    /** The 32-byte interactive seed for a sector, available {@link #seedDelay()} after pre-commit. */
    byte[] seed(SectorId sector);

    /** How long after pre-commit the seed becomes available (WaitSeed). */
    Duration seedDelay();
}
