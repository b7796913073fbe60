package io.sealer.proofs;

/** SHA-256 of a parent cache file and whether it was compared with (and equals) the published digest. */
public record ParentCacheCheck(byte[] sha256, boolean matchedPublished) {

    public ParentCacheCheck {
        sha256 = SealInputs.bytes32("digest", sha256).clone();
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }
}
