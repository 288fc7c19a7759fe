package io.flowgate.core;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where outbound calls (http steps, webhooks) may go. Loopback, private, link-local (cloud
 * metadata), unique-local and wildcard addresses are refused unless an allow-list CIDR covers
 * them: a workflow author must not be able to reach the server's own network by default (SSRF).
 */
public final class OutboundPolicy {
    private final List<Cidr> allowed;

    public OutboundPolicy(List<String> allowedCidrs) {
        List<Cidr> list = new ArrayList<>();
        for (String c : allowedCidrs) {
            list.add(Cidr.parse(c));
        }
        this.allowed = List.copyOf(list);
    }

    /** Throws {@link BadRequestException} ({@code outbound_refused}) when {@code uri} may not be called. */
    public void check(URI uri) {
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new BadRequestException("outbound_refused", "Only http and https URLs may be called, got '" + uri + "'");
        }
        String host = uri.getHost();
        if (host == null) {
            throw new BadRequestException("outbound_refused", "The URL '" + uri + "' has no host");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new BadRequestException("outbound_unresolved", "Cannot resolve host '" + host + "'");
        }
        for (InetAddress a : addresses) {
            if (internal(a) && allowed.stream().noneMatch(c -> c.contains(a))) {
                throw new BadRequestException("outbound_refused", "Calls to " + a.getHostAddress()
                        + " (a private, loopback or link-local address) are refused; allow it with --allow-outbound");
            }
        }
    }

    static boolean internal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (b.length == 16) {
            return (b[0] & 0xfe) == 0xfc; // fc00::/7 unique local
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return first == 0 || (first == 100 && second >= 64 && second < 128); // 0/8, carrier-grade NAT 100.64/10
    }

    /** An IPv4 or IPv6 network in CIDR notation; a bare address means a single host. */
    public record Cidr(byte[] network, int prefix) {
        public static Cidr parse(String text) {
            String t = text.trim();
            int slash = t.indexOf('/');
            try {
                byte[] net = InetAddress.getByName(slash < 0 ? t : t.substring(0, slash)).getAddress();
                int prefix = slash < 0 ? net.length * 8 : Integer.parseInt(t.substring(slash + 1));
                if (prefix < 0 || prefix > net.length * 8) {
                    throw new IllegalArgumentException("prefix out of range in '" + text + "'");
                }
                return new Cidr(net, prefix);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a CIDR such as 127.0.0.0/8");
            }
        }

        public boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }
    }
}
