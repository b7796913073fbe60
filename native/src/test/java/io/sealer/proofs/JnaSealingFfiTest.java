package io.sealer.proofs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JnaSealingFfiTest {
    @Test
    void loadsTheLibraryFromTheJar() {
        assertEquals("0.1.0", JnaSealingFfi.get().version());
    }
}
