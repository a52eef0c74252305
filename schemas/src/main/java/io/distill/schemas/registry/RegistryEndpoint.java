package io.distill.schemas.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigException;

/**
 * One registry base URL, split into what is safe to show and the credentials it carried.
 *
 * @param base          scheme, host, port and path prefix, without user info or trailing slash
 * @param authorization the {@code Authorization} header value, or null
 */
record RegistryEndpoint(String base, String authorization) {
    private static final Pattern USER_INFO = Pattern.compile("//[^/@]*@");

    /**
     * Parses a configured URL.
     *
     * @param url          as configured, possibly {@code http://user:pass@host:port}
     * @param userInfoAuth {@code user:password} to use instead of the URL's user info, or null
     */
    static RegistryEndpoint parse(final String url, final String userInfoAuth) {
        final URI uri;
        try {
            uri = new URI(url);
        } catch (final URISyntaxException e) {
            throw new ConfigException(SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL_CONFIG, redact(url),
                    "not a URL: " + e.getReason());
        }
        final String scheme = uri.getScheme();
        if (uri.getHost() == null || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            throw new ConfigException(SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL_CONFIG, redact(url),
                    "must be an http:// or https:// URL with a host");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        final String base = scheme.toLowerCase(java.util.Locale.ROOT) + "://" + hostPart(uri)
                + (uri.getPort() >= 0 ? ":" + uri.getPort() : "") + path;
        String credentials = userInfoAuth;
        if (credentials == null && uri.getRawUserInfo() != null) {
            credentials = URLDecoder.decode(uri.getRawUserInfo().replace("+", "%2B"), StandardCharsets.UTF_8);
        }
        final String authorization = credentials == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        return new RegistryEndpoint(base, authorization);
    }

    /** The URL with any user info replaced by {@code ***}, for messages. */
    static String redact(final String url) {
        return url == null ? null : USER_INFO.matcher(url).replaceFirst("//***@");
    }

    private static String hostPart(final URI uri) {
        final String host = uri.getHost();
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    @Override
    public String toString() {
        return base;
    }
}
