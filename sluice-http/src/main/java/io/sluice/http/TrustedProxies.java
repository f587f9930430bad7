package io.sluice.http;

import io.javalin.http.Context;
import io.sluice.core.config.ConfigException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who the client is, given the socket's peer and the {@code X-Forwarded-For} chain: the header is believed only as
 * far as it was written by trusted proxies.
 *
 * <p>Walk: if the peer is not a trusted proxy, it is the client and the header is ignored (anyone can send one).
 * Otherwise walk the chain right to left — each entry was appended by the hop to its right — skipping trusted
 * proxies; the first untrusted address is the client. If every entry is trusted, the left-most one is. An entry
 * that is not an IP address ends the walk: the last address that a trusted hop vouched for is used.
 *
 * <p>Addresses are parsed without DNS lookups. Immutable and thread-safe.
 */
public final class TrustedProxies {
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    /** An address block: {@code prefix} leading bits of {@code address}. */
    public record Block(byte[] address, int prefix) {
        boolean contains(InetAddress ip) {
            byte[] a = ip.getAddress();
            if (a.length != address.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != address[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (a[full] & mask) == (address[full] & mask);
        }
    }

    /** The client's address and the chain as received ({@code proxy_chain}). */
    public record ClientAddress(String userIp, List<String> proxyChain) {
        public ClientAddress {
            proxyChain = List.copyOf(proxyChain);
        }
    }

    private final List<Block> trusted;

    /**
     * @param key the config key the blocks come from ({@code events.trusted_proxies}), named in errors
     * @param blocks addresses or CIDR blocks, see {@link #parseBlock}
     * @throws ConfigException naming the key and the entry, if one is not an address or a block
     */
    public TrustedProxies(String key, List<String> blocks) {
        this.trusted = blocks.stream().map(b -> parseBlock(key, b)).toList();
    }

    /**
     * Parses {@code 10.0.0.0/8}, {@code ::1/128} or a bare address.
     *
     * @param key the config key the entry comes from, named in the error
     * @throws ConfigException naming the key and the entry, if it is neither
     */
    public static Block parseBlock(String key, String spec) {
        String s = spec.trim();
        int slash = s.indexOf('/');
        InetAddress ip = parseIp(slash < 0 ? s : s.substring(0, slash));
        if (ip == null) {
            throw new ConfigException(key + ": '" + spec + "' is not an IP address or CIDR block");
        }
        int bits = ip.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new ConfigException(key + ": '" + spec + "' has a prefix length outside 0.." + bits);
            }
        }
        return new Block(ip.getAddress(), prefix);
    }

    /** The client of a request: its peer address and its {@code X-Forwarded-For} headers, see {@link #resolve}. */
    public ClientAddress resolve(Context ctx) {
        var values = ctx.req().getHeaders("X-Forwarded-For");
        List<String> forwardedFor = values == null || !values.hasMoreElements() ? List.of() : Collections.list(values);
        return resolve(ctx.req().getRemoteAddr(), forwardedFor);
    }

    /**
     * The client, given the socket's peer and the {@code X-Forwarded-For} header values (each may list several
     * addresses, comma-separated).
     */
    public ClientAddress resolve(String peer, List<String> forwardedFor) {
        List<String> chain = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String part : header.split(",")) {
                String p = part.trim();
                if (!p.isEmpty()) {
                    chain.add(p);
                }
            }
        }
        String client = strip(peer);
        InetAddress peerIp = parseIp(client);
        if (peerIp == null || !isTrusted(peerIp)) {
            return new ClientAddress(client, chain);
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            String entry = strip(chain.get(i));
            InetAddress ip = parseIp(entry);
            if (ip == null) {
                break;
            }
            client = entry;
            if (!isTrusted(ip)) {
                break;
            }
        }
        return new ClientAddress(client, chain);
    }

    private boolean isTrusted(InetAddress ip) {
        for (Block b : trusted) {
            if (b.contains(ip)) {
                return true;
            }
        }
        return false;
    }

    /** {@code [::1]:80} → {@code ::1}, {@code 1.2.3.4:80} → {@code 1.2.3.4}; anything else unchanged. */
    static String strip(String address) {
        if (address == null) {
            return "";
        }
        String a = address.trim();
        if (a.startsWith("[")) {
            int close = a.indexOf(']');
            if (close > 1 && (close == a.length() - 1 || isPort(a, close + 1))) {
                return a.substring(1, close);
            }
            return a;
        }
        int colon = a.indexOf(':');
        if (colon > 0 && colon == a.lastIndexOf(':') && isPort(a, colon) && ipv4(a.substring(0, colon)) != null) {
            return a.substring(0, colon);
        }
        return a;
    }

    /** Whether {@code s} from {@code colon} is {@code :} and 1-5 digits to the end. */
    private static boolean isPort(String s, int colon) {
        int digits = s.length() - colon - 1;
        if (s.charAt(colon) != ':' || digits < 1 || digits > 5) {
            return false;
        }
        for (int i = colon + 1; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** The four bytes of a dotted-quad IPv4 literal ({@code 0}-{@code 255}, no leading zeros), else null. */
    static byte[] ipv4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        int digits = 0;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                if (digits > 0 && value == 0) {
                    return null; // leading zero: ambiguous (octal in some parsers)
                }
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (++digits > 3 || value > 255) {
                    return null;
                }
            } else if (c == '.' && digits > 0 && part < 4) {
                out[part++] = (byte) value;
                value = -1;
                digits = 0;
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    /** The address if {@code s} is an IPv4 or IPv6 literal (IPv4-mapped IPv6 becomes IPv4), else null. No DNS. */
    static InetAddress parseIp(String s) {
        try {
            byte[] v4 = ipv4(s);
            if (v4 != null) {
                return InetAddress.getByAddress(v4);
            }
            if (s.indexOf(':') >= 0 && IPV6.matcher(s).matches()) {
                // Brackets make the JDK treat it as an IPv6 literal or fail, never look it up.
                InetAddress ip = InetAddress.getByName("[" + s + "]");
                return ip instanceof Inet4Address || ip.getAddress().length == 16 ? ip : null;
            }
        } catch (UnknownHostException e) {
            return null;
        }
        return null;
    }
}
