package dev.pave.identity;

import dev.pave.error.AccessDeniedException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks AWS Signature Version 4 on requests from the aws CLI and the AWS SDKs, recomputing the signature from
 * the request as received. Only the signing service is fixed; the region is taken from the client's scope.
 */
public final class SigV4Verifier {

    /** AWS refuses signatures more than 15 minutes off; so do we. */
    static final Duration MAX_SKEW = Duration.ofMinutes(15);
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request\\s*,\\s*"
                    + "SignedHeaders=([^,\\s]+)\\s*,\\s*Signature=([0-9a-f]{64})\\s*");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private SigV4Verifier() {
    }

    /**
     * @param secrets finds the secret of an active access key id
     * @return the access key id whose signature matched
     */
    public static String verify(SignedRequest request, String service, Function<String, Optional<String>> secrets, Instant now) {
        String authorization = request.header("authorization");
        if (authorization == null) {
            throw new AccessDeniedException("Missing Authentication Token: requests must be signed with AWS Signature Version 4");
        }
        Matcher m = AUTHORIZATION.matcher(authorization);
        if (!m.matches()) {
            throw new AccessDeniedException("Authorization header is not a valid AWS4-HMAC-SHA256 signature");
        }
        String accessKeyId = m.group(1);
        String scopeDate = m.group(2);
        String region = m.group(3);
        String scopeService = m.group(4);
        List<String> signedHeaders = Arrays.asList(m.group(5).split(";"));
        String signature = m.group(6);

        if (!service.equals(scopeService)) {
            throw new AccessDeniedException("Credential should be scoped to correct service: '" + service + "'");
        }
        String amzDate = request.header("x-amz-date");
        if (amzDate == null) {
            throw new AccessDeniedException("Missing X-Amz-Date header");
        }
        Instant signedAt;
        try {
            signedAt = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new AccessDeniedException("X-Amz-Date '" + amzDate + "' is not in the form yyyyMMdd'T'HHmmss'Z'");
        }
        if (Duration.between(signedAt, now).abs().compareTo(MAX_SKEW) > 0) {
            throw new AccessDeniedException("Signature expired: " + amzDate + " is now earlier than "
                    + AMZ_DATE.format(now.minus(MAX_SKEW).atOffset(ZoneOffset.UTC)) + " or later than "
                    + AMZ_DATE.format(now.plus(MAX_SKEW).atOffset(ZoneOffset.UTC)));
        }
        if (!amzDate.startsWith(scopeDate)) {
            throw new AccessDeniedException("Credential date " + scopeDate + " does not match X-Amz-Date " + amzDate);
        }
        for (String required : List.of("host", "x-amz-date")) {
            if (!signedHeaders.contains(required)) {
                throw new AccessDeniedException("Header '" + required + "' must be signed");
            }
        }
        if (request.header("x-amz-target") != null && !signedHeaders.contains("x-amz-target")) {
            throw new AccessDeniedException("Header 'x-amz-target' must be signed");
        }
        String secret = secrets.apply(accessKeyId).orElseThrow(
                () -> new AccessDeniedException("The security token included in the request is invalid"));

        String payloadHash = hex(sha256(request.body()));
        String canonicalRequest = String.join("\n",
                request.method(),
                canonicalPath(request.rawPath()),
                canonicalQuery(request.rawQuery()),
                canonicalHeaders(request, signedHeaders),
                String.join(";", signedHeaders),
                payloadHash);
        String scope = scopeDate + "/" + region + "/" + scopeService + "/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), scopeDate);
        key = hmac(key, region);
        key = hmac(key, scopeService);
        key = hmac(key, "aws4_request");
        byte[] expected = hmac(key, stringToSign);
        if (!MessageDigest.isEqual(expected, HexFormat.of().parseHex(signature))) {
            throw new AccessDeniedException("The request signature we calculated does not match the signature you provided. "
                    + "Check your AWS Secret Access Key and signing method.");
        }
        return accessKeyId;
    }

    private static String canonicalPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        // Non-S3 services encode each segment twice: the raw path is already encoded once.
        return Arrays.stream(rawPath.split("/", -1)).map(SigV4Verifier::encode).collect(Collectors.joining("/"));
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            pairs.add(new String[] {encode(decode(name)), encode(decode(value))});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        return pairs.stream().map(p -> p[0] + "=" + p[1]).collect(Collectors.joining("&"));
    }

    private static String canonicalHeaders(SignedRequest request, List<String> signedHeaders) {
        StringBuilder sb = new StringBuilder();
        for (String name : signedHeaders) {
            List<String> values = request.headers().get(name);
            if (values == null) {
                throw new AccessDeniedException("Signed header '" + name + "' is missing from the request");
            }
            sb.append(name).append(':')
                    .append(values.stream().map(v -> v.trim().replaceAll("\\s+", " ")).collect(Collectors.joining(",")))
                    .append('\n');
        }
        return sb.toString();
    }

    private static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return sb.toString();
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
