package com.polardbx.common.error;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cleans a data node's error message before a client sees it: physical names become logical ones (table
 * {@code <t>_<4 hex>_<5 digits>} is {@code <t>}, database {@code <d>_p<n>} before a dot is {@code <d>}) and file
 * system paths lose their directories, so no DN layout, path or naming scheme reaches a client. An error about the
 * account the CN uses on the storage nodes is told as one about the client's account ({@link #asClient}).
 * Thread-safe.
 */
public final class DataNodeMessages {
    private static final Pattern PHYSICAL_TABLE = Pattern.compile("\\b([A-Za-z0-9_$]+?)_[0-9a-f]{4}_[0-9]{5}\\b");
    private static final Pattern PHYSICAL_DB = Pattern.compile("\\b([A-Za-z0-9_$]+)_p[0-9]+(?=`?\\.)");
    /** Absolute paths under the usual roots (an XPath such as '/a/b' in an XML function's error stays). */
    private static final Pattern PATH = Pattern.compile(
        "(?<![\\w.])/(?:tmp|var|home|usr|work|data|opt|root|srv|mnt|etc|proc|run|dev|sys|lib|media)/[^\\s'\"`]*");

    /** User names the CN logs in to storage nodes with. */
    private static final Set<String> ACCOUNTS = ConcurrentHashMap.newKeySet();
    /** Metadata lookups from a physical table name to its logical table's current name (null: not a table). */
    private static final List<Function<String, String>> TABLE_NAMES = new CopyOnWriteArrayList<>();

    private DataNodeMessages() {
    }

    /** Registers a user name the CN logs in to a DN or the GMS with. */
    public static void registerAccount(String user) {
        if (user != null && !user.isEmpty()) {
            ACCOUNTS.add(user);
        }
    }

    /**
     * Registers a lookup of a physical table's logical name: a renamed table keeps its physical names, whose prefix
     * is the old name. Without one (or when it answers null) the prefix is used.
     */
    public static void registerTableNames(Function<String, String> physicalToLogical) {
        TABLE_NAMES.add(physicalToLogical);
    }

    /** The message with {@code 'cn-account'@'host'} replaced by the client's {@code 'user'@'host'}. */
    public static String asClient(String message, String user, String host) {
        if (message == null || message.indexOf("'@'") < 0) {
            return message;
        }
        String out = message;
        for (String account : ACCOUNTS) {
            out = out.replaceAll("'" + Pattern.quote(account) + "'@'[^']*'",
                Matcher.quoteReplacement("'" + user + "'@'" + host + "'"));
        }
        return out;
    }

    private static String logicalName(MatchResult physical) {
        for (Function<String, String> names : TABLE_NAMES) {
            String name = names.apply(physical.group());
            if (name != null) {
                return name;
            }
        }
        return physical.group(1);
    }

    public static String clean(String message) {
        if (message == null) {
            return null;
        }
        String out = PHYSICAL_TABLE.matcher(message).replaceAll(m -> Matcher.quoteReplacement(logicalName(m)));
        out = PHYSICAL_DB.matcher(out).replaceAll("$1");
        Matcher path = PATH.matcher(out);
        StringBuilder b = new StringBuilder();
        while (path.find()) {
            String p = path.group();
            String trimmed = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
            String last = trimmed.substring(trimmed.lastIndexOf('/') + 1);
            path.appendReplacement(b, Matcher.quoteReplacement("./" + last));
        }
        path.appendTail(b);
        return b.toString();
    }
}
