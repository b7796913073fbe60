package io.sealer.cli.bench;

import picocli.CommandLine.Option;

/** The public inputs of a seal: miner, sector number, ticket and seed (lotus-bench defaults). */
final class SealInputOptions {
    @Option(names = "--miner", defaultValue = SealBench.DEFAULT_MINER, description = "Miner ID address (default ${DEFAULT-VALUE}).")
    String miner;

    @Option(names = "--sector", defaultValue = "1", description = "Sector number (default ${DEFAULT-VALUE}).")
    long sector;

    @Option(names = "--ticket", defaultValue = SealBench.DEFAULT_TICKET, description = "32 bytes hex (default 01 x 32).")
    String ticket;

    @Option(names = "--seed", defaultValue = SealBench.DEFAULT_SEED, description = "32 bytes hex (default 02 x 32).")
    String seed;

    byte[] proverId() {
        return SealBench.proverId(miner);
    }

    byte[] ticket() {
        return SealBench.ticket(ticket);
    }

    byte[] seed() {
        return SealBench.seed(seed);
    }
}
