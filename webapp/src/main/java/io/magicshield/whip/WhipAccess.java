package io.magicshield.whip;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who may publish by WHIP: a request carries {@code Authorization: Bearer <token>}, and the token is either one of
 * {@code magicshield.whip.tokens} or signed with {@code magicshield.whip.token-secret}: {@code <expiry>.<signature>},
 * the expiry in Unix seconds and the signature {@code base64url(HMAC-SHA256(secret, "whip:" + expiry))} without
 * padding, so an operator hands out a token that stops working by itself. With neither set, WHIP is off. Tokens are
 * compared in constant time and never logged ({@link #toString()} says only how many there are).
 *
 * @param tokens listed tokens, each at least {@value #MIN_CHARS} characters of an RFC 6750 b64token
 * @param secret the signing secret (at least {@value #MIN_CHARS} characters), or null
 */
public record WhipAccess(List<String> tokens, String secret) {

    public static final String TOKENS_PROPERTY = "magicshield.whip.tokens";
    public static final String SECRET_PROPERTY = "magicshield.whip.token-secret";
    /** As the metrics token: 16 characters of {@code openssl rand -hex} are 64 bits, beyond guessing online. */
    static final int MIN_CHARS = 16;

    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]+=*");
    private static final Pattern SIGNED = Pattern.compile("([0-9]{1,12})\\.([A-Za-z0-9_-]{43})");
    private static final String BEARER = "bearer ";
    private static final String ALGORITHM = "HmacSHA256";

    /** What a request's credentials are worth. */
    public enum Verdict {
        ALLOWED,
        /** Neither tokens nor a secret are configured: nobody may publish. */
        DISABLED,
        /** No usable {@code Authorization: Bearer} header. */
        MISSING,
        /** A token that is neither listed nor correctly signed. */
        INVALID,
        /** A correctly signed token past its expiry. */
        EXPIRED
    }

    public WhipAccess {
        tokens = List.copyOf(tokens);
        for (String token : tokens) {
            if (token.length() < MIN_CHARS || !B64TOKEN.matcher(token).matches()) {
                throw new IllegalArgumentException("each WHIP token must be at least " + MIN_CHARS
                        + " characters of A-Z a-z 0-9 - . _ ~ + / (e.g. from openssl rand -hex 32); one has "
                        + token.length());
            }
        }
        if (secret != null && secret.length() < MIN_CHARS) {
            throw new IllegalArgumentException(
                    "the WHIP token secret must be at least " + MIN_CHARS + " characters; it has " + secret.length());
        }
    }

    public boolean enabled() {
        return !tokens.isEmpty() || secret != null;
    }

    /** @param authorization the request's Authorization headers: exactly one must carry the token */
    public Verdict check(List<String> authorization, Instant now) {
        if (!enabled()) {
            return Verdict.DISABLED;
        }
        if (authorization.size() != 1
                || !authorization.get(0).toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            return Verdict.MISSING;
        }
        byte[] presented =
                authorization.get(0).substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        boolean listed = false;
        for (String token : tokens) {
            // every token compared, in constant time each: the time says nothing about which one came close
            listed |= MessageDigest.isEqual(presented, token.getBytes(StandardCharsets.UTF_8));
        }
        if (listed) {
            return Verdict.ALLOWED;
        }
        Matcher signed = SIGNED.matcher(new String(presented, StandardCharsets.UTF_8));
        if (secret == null || !signed.matches()) {
            return Verdict.INVALID;
        }
        long expiry = Long.parseLong(signed.group(1));
        if (!MessageDigest.isEqual(presented, signed(secret, expiry).getBytes(StandardCharsets.UTF_8))) {
            return Verdict.INVALID;
        }
        return now.getEpochSecond() < expiry ? Verdict.ALLOWED : Verdict.EXPIRED;
    }

    /** The token signed with {@code secret} that is good until {@code expiry} (Unix seconds). */
    public static String signed(String secret, long expiry) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            byte[] signature = mac.doFinal(("whip:" + expiry).getBytes(StandardCharsets.UTF_8));
            return expiry + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }

    /** No token and no secret in it: this is logged. */
    @Override
    public String toString() {
        return "WHIP " + (enabled() ? tokens.size() + " tokens" + (secret == null ? "" : ", signed tokens") : "off");
    }
}
