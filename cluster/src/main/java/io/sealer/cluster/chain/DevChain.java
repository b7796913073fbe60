package io.sealer.cluster.chain;

import io.sealer.core.task.SectorId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;

/**
 * A local development chain: deterministic randomness (SHA-256 of a domain tag, the chain's
 * name, the miner and the sector number, with the top two bits of the last byte cleared so the
 * value is a valid field element) and a fixed WaitSeed delay. Same inputs, same sector.
 */
public final class DevChain implements ChainClient {
    private final String name;
    private final Duration seedDelay;

    public DevChain(String name, Duration seedDelay) {
        this.name = name;
        this.seedDelay = seedDelay;
    }

    @Override
    public byte[] ticket(SectorId sector) {
        return randomness("ticket", sector);
    }

    @Override
    public byte[] seed(SectorId sector) {
        return randomness("seed", sector);
    }

    @Override
    public Duration seedDelay() {
        return seedDelay;
    }

    private byte[] randomness(String tag, SectorId sector) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((tag + "/" + name).getBytes(StandardCharsets.UTF_8));
            sha.update(ByteBuffer.allocate(16).putLong(sector.miner()).putLong(sector.number()).array());
            byte[] out = sha.digest();
            out[31] &= 0x3f;
            return out;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
