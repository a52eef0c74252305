package io.distill.app.cli;

import io.distill.app.Distill;
import org.apache.kafka.common.utils.AppInfoParser;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version}: the {@code Implementation-Version} of distill.jar's manifest (written by the build), plus
 * the Kafka client and Java versions, which are what users need when they report a problem.
 */
public final class ManifestVersionProvider implements IVersionProvider {
    /** Shown when the classes do not come from a built jar (IDE, {@code target/classes}). */
    static final String UNPACKAGED = "development build (no jar manifest)";

    @Override
    public String[] getVersion() {
        return new String[] {
            "distill " + version(),
            "Kafka clients " + AppInfoParser.getVersion() + ", Java " + Runtime.version()
                + " (" + System.getProperty("java.vm.name") + ")"};
    }

    /** distill's version from the manifest of the jar holding {@link Distill}, or {@value #UNPACKAGED}. */
    public static String version() {
        final String version = Distill.class.getPackage().getImplementationVersion();
        return version == null ? UNPACKAGED : version;
    }
}
