package io.sealer.proofs;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * {@link SealingFfi} over libsealcore, loaded by JNA from the jar (resource prefix
 * {@code linux-x86-64/}) or from {@code jna.library.path}. Stateless apart from the library
 * handle, so one instance serves every thread.
 */
public final class JnaSealingFfi implements SealingFfi {

    /** The raw C symbols; kept package-private so only this class calls them. */
    interface Lib extends Library {
        String sc_version();

        String sc_last_error();
    }

    private static volatile JnaSealingFfi instance;
    private final Lib lib;

    private JnaSealingFfi(Lib lib) {
        this.lib = lib;
    }

    /** The process-wide binding; loads libsealcore on first use. */
    public static JnaSealingFfi get() {
        JnaSealingFfi local = instance;
        if (local == null) {
            synchronized (JnaSealingFfi.class) {
                local = instance;
                if (local == null) {
                    try {
                        local = new JnaSealingFfi(Native.load("sealcore", Lib.class));
                    } catch (UnsatisfiedLinkError e) {
                        throw new SealingException("cannot load libsealcore: " + e.getMessage());
                    }
                    instance = local;
                }
            }
        }
        return local;
    }

    @Override
    public String version() {
        return lib.sc_version();
    }

    /** Turns a negative native return code into an exception with the C message. */
    void check(int rc) {
        if (rc < 0) {
            throw new SealingException(rc, lib.sc_last_error());
        }
    }
}
