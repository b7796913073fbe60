package io.sealer.cluster.storage;

import io.sealer.core.task.SealProof;
import io.sealer.core.task.SectorId;
import java.util.UUID;

/**
 * The part of a {@code /remote} URL after {@code /remote}, parsed as it came over the wire
 * (still percent-encoded) into one of the requests below. Anything else is an
 * IllegalArgumentException (a 400): a {@code .} or {@code ..} segment, any percent-encoding
 * (no valid name needs one, so encoded separators and dots never reach the disk), an empty
 * segment, an unknown file type or a malformed sector name. The result names a type and a
 * sector, never a path, so it cannot point outside a storage path by itself.
 */
public sealed interface RemotePath {
    /** {@code /<type>/<sector>}: the file, or the directory as a tar stream. */
    record SectorFile(FileType type, SectorId sector) implements RemotePath {}

    /** {@code /stat/<storageID>}: the path's filesystem stats. */
    record PathStat(String storageId) implements RemotePath {}

    /** {@code /stat/<type>/<sector>}: the size of a sector file (for a directory, of the files in it). */
    record FileStat(FileType type, SectorId sector) implements RemotePath {}

    /** {@code /unsealed/<sector>/<proof>/allocated/<offset>/<size>}: whether an unpadded range of the unsealed file is there. */
    record Allocated(SectorId sector, SealProof proof, long offset, long size) implements RemotePath {}

    static RemotePath parse(String raw) {
        String rest = raw.startsWith("/") ? raw.substring(1) : raw;
        String[] seg = rest.split("/", -1);
        for (String s : seg) {
            if (s.isEmpty() || s.equals(".") || s.equals("..")) {
                throw new IllegalArgumentException("the path /remote/" + rest + " has an empty, . or .. segment");
            }
            if (s.indexOf('%') >= 0 || s.indexOf('\\') >= 0) {
                throw new IllegalArgumentException("the path /remote/" + rest + " has an encoded or escaped character");
            }
        }
        if (seg[0].equals("stat") && seg.length == 2) {
            try {
                return new PathStat(UUID.fromString(seg[1]).toString());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("malformed storage ID '" + seg[1] + "' (expected a UUID)");
            }
        }
        if (seg[0].equals("stat") && seg.length == 3) {
            return new FileStat(FileType.parse(seg[1]), SectorName.parse(seg[2]));
        }
        if (seg.length == 2) {
            return new SectorFile(FileType.parse(seg[0]), SectorName.parse(seg[1]));
        }
        if (seg.length == 6 && seg[3].equals("allocated")) {
            FileType type = FileType.parse(seg[0]);
            if (type != FileType.UNSEALED) {
                throw new IllegalArgumentException("allocated ranges exist only for unsealed files, not " + type);
            }
            SectorId sector = SectorName.parse(seg[1]);
            SealProof proof;
            try {
                proof = SealProof.ofId(Integer.parseInt(seg[2]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown seal proof '" + seg[2] + "'");
            }
            return new Allocated(sector, proof, number("offset", seg[4]), number("size", seg[5]));
        }
        throw new IllegalArgumentException("unknown /remote path /remote/" + rest
                + " (expected /remote/<type>/<sector>, /remote/stat/<storage ID> or .../allocated/<offset>/<size>)");
    }

    private static long number(String what, String text) {
        try {
            long v = Long.parseLong(text);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new IllegalArgumentException("the " + what + " must be a whole number from 0 up, got '" + text + "'");
    }
}
