package dev.steward.http;

import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * TLS for {@code serve --tls-cert --tls-key}: reads a PEM certificate chain and its unencrypted PKCS#8
 * private key with the JDK's own parsers into an in-memory key store for Jetty. Problems name the file
 * and what to do, never the key material.
 */
final class Tls {
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private Tls() { }

    /** Jetty's server-side TLS context over the two files; throws {@code config_invalid} naming what is wrong. */
    static SslContextFactory.Server contextFactory(Path certificateFile, Path keyFile) {
        List<? extends Certificate> chain = certificates(certificateFile);
        PrivateKey key = privateKey(keyFile);
        try {
            char[] password = Base64.getEncoder().encodeToString(java.security.SecureRandom.getSeed(18)).toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("steward", key, password, chain.toArray(Certificate[]::new));
            SslContextFactory.Server factory = new SslContextFactory.Server();
            factory.setKeyStore(store);
            factory.setKeyStorePassword(new String(password));
            factory.setKeyManagerPassword(new String(password));
            factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            return factory;
        } catch (GeneralSecurityException | IOException e) {
            throw new StewardException(ErrorCode.CONFIG_INVALID, "the private key in " + keyFile
                    + " does not go with the certificate in " + certificateFile);
        }
    }

    private static List<? extends Certificate> certificates(Path file) {
        try {
            List<? extends Certificate> chain = List.copyOf(CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(read(file))));
            if (chain.isEmpty()) {
                throw new java.security.cert.CertificateException("none");
            }
            return chain;
        } catch (java.security.cert.CertificateException e) {
            throw new StewardException(ErrorCode.CONFIG_INVALID, file + " holds no PEM certificate (-----BEGIN "
                    + "CERTIFICATE-----)");
        }
    }

    private static PrivateKey privateKey(Path file) {
        String text = new String(read(file), StandardCharsets.US_ASCII);
        Matcher pem = PRIVATE_KEY.matcher(text);
        if (!pem.find()) {
            String hint = text.contains("ENCRYPTED PRIVATE KEY") ? "it is encrypted; " : text.contains("RSA PRIVATE KEY")
                    || text.contains("EC PRIVATE KEY") ? "it is not PKCS#8; " : "";
            throw new StewardException(ErrorCode.CONFIG_INVALID, file + " holds no unencrypted PKCS#8 private key ("
                    + hint + "convert it with 'openssl pkcs8 -topk8 -nocrypt -in KEY -out " + file.getFileName() + "')");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.group(1));
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // the next algorithm
            }
        }
        throw new StewardException(ErrorCode.CONFIG_INVALID, file + " holds a private key of an unsupported kind "
                + "(RSA, EC or Ed25519 are)");
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new StewardException(ErrorCode.CONFIG_INVALID, "cannot read " + file);
        }
    }
}
