package io.sealer.proofs;

/**
 * CID strings of sector commitments (docs/proofs.md): CIDv1, multibase base32
 * lower-case with prefix "b".
 * <ul>
 *   <li>unsealed (CommP/CommD): codec fil-commitment-unsealed 0xf101, multihash
 *       sha2-256-trunc254-padded 0x1012;</li>
 *   <li>sealed (CommR): codec fil-commitment-sealed 0xf102, multihash
 *       poseidon-bls12_381-a2-fc1 0xb401.</li>
 * </ul>
 */
public final class CommCid {
    private static final byte[] UNSEALED = {0x01, (byte) 0x81, (byte) 0xe2, 0x03, (byte) 0x92, 0x20, 0x20};
    private static final byte[] SEALED = {0x01, (byte) 0x82, (byte) 0xe2, 0x03, (byte) 0x81, (byte) 0xe8, 0x02, 0x20};
    private static final char[] B32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private CommCid() {}

    /** CID of a CommP or CommD (32 raw bytes). */
    public static String unsealed(byte[] comm) {
        return encode(UNSEALED, comm);
    }

    /** CID of a CommR (32 raw bytes). */
    public static String sealed(byte[] comm) {
        return encode(SEALED, comm);
    }

    private static String encode(byte[] prefix, byte[] comm) {
        SealInputs.bytes32("commitment", comm);
        byte[] all = new byte[prefix.length + 32];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(comm, 0, all, prefix.length, 32);
        StringBuilder sb = new StringBuilder("b");
        int buffer = 0, bits = 0;
        for (byte b : all) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                sb.append(B32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(B32[(buffer << (5 - bits)) & 31]);
        }
        return sb.toString();
    }
}
