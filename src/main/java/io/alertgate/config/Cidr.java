package io.alertgate.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address block in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}); a bare
 * address is a block of one ({@code /32} or {@code /128}). IPv4-mapped IPv6 addresses
 * ({@code ::ffff:10.1.2.3}) match IPv4 blocks, since a dual-stack socket reports IPv4 peers that way.
 *
 * @param network the block's first address, 4 or 16 bytes, host bits zero
 * @param prefixLength leading bits that must match, 0..32 (IPv4) or 0..128 (IPv6)
 */
public record Cidr(byte[] network, int prefixLength) {
    /** Only literal addresses: a host name here would make config loading do DNS. */
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9]+)?");

    public Cidr {
        network = network.clone();
        if (network.length != 4 && network.length != 16) throw new IllegalArgumentException("address must be 4 or 16 bytes");
        if (prefixLength < 0 || prefixLength > network.length * 8) {
            throw new IllegalArgumentException("prefix length must be 0-" + network.length * 8);
        }
        network = mask(network, prefixLength);
    }

    /**
     * Parses {@code ADDRESS[/PREFIX]}.
     *
     * @throws IllegalArgumentException naming what is wrong (never resolves host names)
     */
    public static Cidr parse(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        if (!LITERAL.matcher(addr).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block");
        }
        byte[] bytes;
        try {
            bytes = canonical(InetAddress.getByName(addr));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block");
        }
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "': prefix length is not a number");
            }
        }
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("'" + text + "': prefix length must be 0-" + bytes.length * 8);
        }
        return new Cidr(bytes, prefix);
    }

    /** True when {@code address} lies in this block; an IPv4 block never matches a (non-mapped) IPv6 address. */
    public boolean contains(InetAddress address) {
        byte[] a = canonical(address);
        if (a.length != network.length) return false;
        return Arrays.equals(mask(a, prefixLength), network);
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefixLength == prefixLength && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefixLength;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The address's bytes, an IPv4-mapped IPv6 address as its 4 IPv4 bytes. */
    private static byte[] canonical(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address && isV4Mapped(b)) return Arrays.copyOfRange(b, 12, 16);
        if (address instanceof Inet4Address || b.length == 16) return b;
        throw new IllegalArgumentException("unsupported address " + address);
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) if (b[i] != 0) return false;
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xff << (8 - bits));
        }
        return out;
    }
}
