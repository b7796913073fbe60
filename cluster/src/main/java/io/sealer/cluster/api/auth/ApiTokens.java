package io.sealer.cluster.api.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.List;

/**
 * Creates and checks the API's JSON Web Tokens as Lotus does: HS256 over the node's secret,
 * with the permissions in an {@code Allow} claim ({@code {"Allow":["read","write"]}}), so
 * tools written for Lotus read them. An optional {@code name} claim says whose token it is,
 * for the logs of commands that change something.
 */
public final class ApiTokens {

    /** What a valid token grants. {@code name} is empty when the token has none. */
    public record Grant(Permission permission, String name) {}

    private final MACSigner signer;
    private final MACVerifier verifier;

    public ApiTokens(ApiSecret secret) {
        try {
            byte[] key = secret.bytes();
            this.signer = new MACSigner(key);
            this.verifier = new MACVerifier(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the API secret is too short for HS256: " + e.getMessage(), e);
        }
    }

    /** A token for {@code permission}; {@code name} may be empty. */
    public String create(Permission permission, String name) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().claim("Allow", permission.allowList());
        if (name != null && !name.isBlank()) {
            claims.claim("name", name);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    /**
     * The name a token carries, read without checking its signature: only for a token some
     * node has already verified (a worker names in its logs the tokens its miner checked).
     */
    public static String nameOf(String token) {
        try {
            String name = SignedJWT.parse(token.trim()).getJWTClaimsSet().getStringClaim("name");
            return name == null ? "" : name;
        } catch (ParseException e) {
            return "";
        }
    }

    /** Checks the signature and reads the permission; throws with a reason a client can be shown. */
    public Grant verify(String token) throws InvalidTokenException {
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException("no token");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token.trim());
        } catch (ParseException e) {
            throw new InvalidTokenException("malformed token");
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new InvalidTokenException("token is not signed with HS256");
        }
        try {
            if (!jwt.verify(verifier)) {
                throw new InvalidTokenException("token signature does not match this node's secret");
            }
        } catch (JOSEException e) {
            throw new InvalidTokenException("token signature cannot be checked");
        }
        try {
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            List<String> allow = claims.getStringListClaim("Allow");
            Permission p = allow == null ? null : Permission.highestOf(allow);
            if (p == null) {
                throw new InvalidTokenException("token allows nothing (no read, write, sign or admin in Allow)");
            }
            String name = claims.getStringClaim("name");
            return new Grant(p, name == null ? "" : name);
        } catch (ParseException e) {
            throw new InvalidTokenException("token claims are malformed");
        }
    }
}
