package com.polardbx.gms.user;

import java.util.Comparator;
import java.util.Locale;

/** MySQL account host matching: literal hosts, {@code %}/{@code _} wildcards and the {@code localhost} alias. */
public final class HostPattern {
    /** Orders account hosts as MySQL tries them: literal hosts first, then the most specific pattern first. */
    public static final Comparator<String> MATCH_ORDER = Comparator
        .comparingInt((String h) -> isPattern(h) ? 1 : 0)
        .thenComparingInt(h -> -literalPrefixLength(h))
        .thenComparing(Comparator.naturalOrder());

    private HostPattern() {
    }

    public static boolean isPattern(String host) {
        return host.indexOf('%') >= 0 || host.indexOf('_') >= 0;
    }

    private static int literalPrefixLength(String host) {
        int i = 0;
        while (i < host.length() && host.charAt(i) != '%' && host.charAt(i) != '_') {
            i++;
        }
        return i;
    }

    /** Whether an account host (literal or pattern) admits a client connecting from {@code clientHost}. */
    public static boolean matches(String accountHost, String clientHost) {
        String account = canonical(accountHost);
        String client = canonical(clientHost);
        if (account.equals("localhost")) {
            return isLoopback(client);
        }
        if (!isPattern(account)) {
            return account.equals(client);
        }
        return like(account, 0, client, 0);
    }

    static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1")
            || host.equals("0:0:0:0:0:0:0:1");
    }

    private static String canonical(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("0:0:0:0:0:0:0:1") ? "::1" : h;
    }

    private static boolean like(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '%') {
                for (int k = si; k <= s.length(); k++) {
                    if (like(p, pi + 1, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length()) {
                return false;
            }
            if (c == '\\' && pi + 1 < p.length()) {
                pi++;
                c = p.charAt(pi);
                if (s.charAt(si) != c) {
                    return false;
                }
            } else if (c != '_' && s.charAt(si) != c) {
                return false;
            }
            pi++;
            si++;
        }
        return si == s.length();
    }
}
