package io.magicshield.source;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a pulled source may be, checked before anything connects (the server fetching URLs for a client is an SSRF
 * risk): {@code rtsp} and {@code rtsps} URLs whose host resolves only to addresses in the allow-list, on an allowed
 * port, or {@code file:} names of regular files under the configured folder. The name is resolved here, once, and the
 * decoder is given the checked address literal, so a second resolution (DNS rebinding) cannot send it elsewhere.
 *
 * @param networks the allow-list; empty: no network source at all
 * @param ports    the ports a network source may use
 * @param folder   the folder file sources are read from; null: no file sources
 */
public record SourcePolicy(List<Cidr> networks, Set<Integer> ports, Path folder) {

    /** RTSP's registered ports: 554 for rtsp, 322 for rtsps (RFC 7826). */
    static final int RTSP_PORT = 554;

    static final int RTSPS_PORT = 322;
    /** Far over any camera's URL; a longer one is refused before it is parsed. */
    static final int MAX_URL_CHARS = 2048;

    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\s]");

    public SourcePolicy {
        networks = List.copyOf(networks);
        ports = Set.copyOf(ports);
    }

    /** A source the policy admits: what the decoder opens, and how it is shown (credentials masked). */
    public record Checked(String openUrl, String shown, boolean network) {}

    /** @throws SourceRefusedException with the reason, before any connection is attempted */
    public Checked check(String url) throws SourceRefusedException {
        if (url == null
                || url.isEmpty()
                || url.length() > MAX_URL_CHARS
                || CONTROL.matcher(url).find()) {
            throw new SourceRefusedException(
                    "a source URL is 1 to " + MAX_URL_CHARS + " characters without spaces or control characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new SourceRefusedException("not a URL: " + SourceUrls.mask(url));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "rtsp", "rtsps" -> network(uri, scheme);
            case "file" -> file(uri);
            default ->
                throw new SourceRefusedException(
                        "only rtsp, rtsps and file sources are allowed, not '" + SourceUrls.mask(scheme) + "'");
        };
    }

    private Checked network(URI uri, String scheme) throws SourceRefusedException {
        String shown = SourceUrls.mask(uri.toString());
        String host = uri.getHost();
        if (host == null || uri.getRawAuthority() == null) {
            throw new SourceRefusedException("no host in " + shown);
        }
        if (networks.isEmpty()) {
            throw new SourceRefusedException("network sources are off: magicshield.sources.allowed-networks is empty");
        }
        int port = uri.getPort() < 0 ? (scheme.equals("rtsps") ? RTSPS_PORT : RTSP_PORT) : uri.getPort();
        if (!ports.contains(port)) {
            throw new SourceRefusedException("port " + port + " is not an allowed source port " + ports + ": " + shown);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            throw new SourceRefusedException("the host of " + shown + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (networks.stream().noneMatch(network -> network.contains(address))) {
                // every address must be allowed: a name with one good and one bad record is refused
                throw new SourceRefusedException("the host of " + shown + " resolves to " + address.getHostAddress()
                        + ", which is not in magicshield.sources.allowed-networks");
            }
        }
        String literal = addresses[0].getHostAddress();
        String authorityHost = literal.contains(":") ? "[" + literal + "]" : literal;
        String userInfo = uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@";
        String open = scheme + "://" + userInfo + authorityHost + ":" + port
                + (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new Checked(open, shown, true);
    }

    private Checked file(URI uri) throws SourceRefusedException {
        String shown = SourceUrls.mask(uri.toString());
        if (folder == null) {
            throw new SourceRefusedException("file sources are off: magicshield.sources.folder is not set");
        }
        String name = uri.getSchemeSpecificPart();
        if (uri.getRawAuthority() != null || uri.getRawQuery() != null || name == null || name.isEmpty()) {
            throw new SourceRefusedException("a file source is file:<name under the sources folder>, not " + shown);
        }
        try {
            Path base = folder.toRealPath();
            Path candidate = base.resolve(name.startsWith("/") ? name.substring(1) : name)
                    .normalize();
            // the real path follows links: a link in the folder that points out of it is refused too
            if (!candidate.startsWith(base)
                    || !Files.isRegularFile(candidate)
                    || !candidate.toRealPath().startsWith(base)) {
                throw new SourceRefusedException("no such file in the sources folder: " + shown);
            }
            return new Checked(candidate.toRealPath().toString(), shown, false);
        } catch (IOException e) {
            throw new SourceRefusedException("no such file in the sources folder: " + shown);
        }
    }
}
