package io.distill.app.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed broker certificate for {@code 127.0.0.1}/{@code localhost} and a truststore holding it, made with the
 * JDK's {@code keytool} (PKCS12), so a test broker can offer an SSL listener.
 *
 * @param keystore           the broker's key and certificate
 * @param keystorePassword   its password
 * @param truststore         the certificate alone, for clients
 * @param truststorePassword its password
 */
record TestCertificates(Path keystore, String keystorePassword, Path truststore, String truststorePassword) {

    static TestCertificates create(final Path dir, final String keystorePassword, final String truststorePassword)
        throws IOException, InterruptedException {
        final Path keystore = dir.resolve("broker.p12");
        final Path certificate = dir.resolve("broker.pem");
        final Path truststore = dir.resolve("truststore.p12");
        keytool(dir, "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
            "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", keystore.toString(),
            "-storetype", "PKCS12", "-storepass", keystorePassword, "-keypass", keystorePassword);
        keytool(dir, "-exportcert", "-rfc", "-alias", "broker", "-keystore", keystore.toString(), "-storetype", "PKCS12",
            "-storepass", keystorePassword, "-file", certificate.toString());
        keytool(dir, "-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(), "-keystore",
            truststore.toString(), "-storetype", "PKCS12", "-storepass", truststorePassword);
        return new TestCertificates(keystore, keystorePassword, truststore, truststorePassword);
    }

    private static void keytool(final Path dir, final String... args) throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + output);
        }
    }
}
