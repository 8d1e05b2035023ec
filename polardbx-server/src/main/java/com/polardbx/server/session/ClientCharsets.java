package com.polardbx.server.session;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/** The Java charset that decodes text a client sends in a MySQL character set (character_set_client). */
final class ClientCharsets {
    /** MySQL names whose Java name differs; {@code latin1} is MySQL's cp1252. */
    private static final Map<String, String> JAVA_NAMES = Map.of(
        "latin1", "windows-1252",
        "latin2", "ISO-8859-2",
        "ascii", "US-ASCII",
        "cp1250", "windows-1250",
        "cp1251", "windows-1251",
        "gbk", "GBK",
        "gb18030", "GB18030",
        "big5", "Big5",
        "sjis", "Shift_JIS",
        "ujis", "EUC-JP");

    private ClientCharsets() {
    }

    /**
     * The charset for a MySQL character set name; UTF-8 for utf8/utf8mb3/utf8mb4, for binary (its bytes are kept
     * raw where they are not UTF-8) and for any name Java does not know.
     */
    static Charset forMysqlName(Object name) {
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        String javaName = JAVA_NAMES.get(name.toString().toLowerCase(Locale.ROOT));
        if (javaName == null || !Charset.isSupported(javaName)) {
            return StandardCharsets.UTF_8;
        }
        return Charset.forName(javaName);
    }
}
