package io.sealer.cluster.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokensTest {
    private final ApiTokens tokens = new ApiTokens(ApiSecret.random());

    @Test
    void eachLevelCarriesTheLevelsBelowIt() {
        assertEquals(List.of("read"), Permission.READ.allowList());
        assertEquals(List.of("read", "write", "sign"), Permission.SIGN.allowList());
        assertEquals(List.of("read", "write", "sign", "admin"), Permission.ADMIN.allowList());
        assertTrue(Permission.WRITE.includes(Permission.READ));
        assertFalse(Permission.WRITE.includes(Permission.ADMIN));
    }

    @Test
    void aTokenVerifiesWithItsPermissionAndName() throws Exception {
        for (Permission p : Permission.values()) {
            ApiTokens.Grant g = tokens.verify(tokens.create(p, "ops"));
            assertEquals(p, g.permission());
            assertEquals("ops", g.name());
        }
        assertEquals("", tokens.verify(tokens.create(Permission.READ, "")).name());
    }

    @Test
    void theTokenCarriesLotusAllowClaim() {
        String payload = new String(Base64.getUrlDecoder().decode(tokens.create(Permission.WRITE, "").split("\\.")[1]),
                StandardCharsets.UTF_8);
        assertEquals("{\"Allow\":[\"read\",\"write\"]}", payload);
    }

    @Test
    void aTokenOfAnotherSecretIsRefused() {
        String foreign = new ApiTokens(ApiSecret.random()).create(Permission.ADMIN, "");
        InvalidTokenException e = assertThrows(InvalidTokenException.class, () -> tokens.verify(foreign));
        assertEquals("token signature does not match this node's secret", e.getMessage());
    }

    @Test
    void aTamperedTokenIsRefused() {
        String[] parts = tokens.create(Permission.READ, "").split("\\.");
        String adminPayload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"Allow\":[\"read\",\"write\",\"sign\",\"admin\"]}".getBytes(StandardCharsets.UTF_8));
        assertThrows(InvalidTokenException.class, () -> tokens.verify(parts[0] + "." + adminPayload + "." + parts[2]));
    }

    @Test
    void malformedAndUnsignedTokensAreRefused() {
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
                + "." + Base64.getUrlEncoder().withoutPadding()
                        .encodeToString("{\"Allow\":[\"admin\"]}".getBytes(StandardCharsets.UTF_8)) + ".";
        assertEquals("malformed token", assertThrows(InvalidTokenException.class, () -> tokens.verify(none)).getMessage());
        assertEquals("malformed token", assertThrows(InvalidTokenException.class, () -> tokens.verify("abc")).getMessage());
        assertEquals("no token", assertThrows(InvalidTokenException.class, () -> tokens.verify(" ")).getMessage());
    }

    @Test
    void permissionNamesAreParsedWithTheChoicesInTheError() {
        assertEquals(Permission.SIGN, Permission.parse("Sign"));
        assertEquals("expected one of read, write, sign, admin, got 'root'",
                assertThrows(IllegalArgumentException.class, () -> Permission.parse("root")).getMessage());
    }

    @Test
    void theSecretFileIsCreatedOwnerOnlyAndReadBack(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("api-secret");
        ApiSecret created = ApiSecret.loadOrCreate(f);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        ApiSecret again = ApiSecret.loadOrCreate(f);
        String token = new ApiTokens(created).create(Permission.ADMIN, "");
        assertEquals(Permission.ADMIN, new ApiTokens(again).verify(token).permission());
        Files.writeString(f, "zz");
        assertTrue(assertThrows(java.io.IOException.class, () -> ApiSecret.load(f)).getMessage().contains("is damaged"));
    }
}
