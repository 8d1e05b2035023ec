package com.polardbx.gms.store;

import java.util.ArrayList;
import java.util.List;

/** Encodes a list of names in one metadb column as comma-separated text, escaping commas and backslashes. */
final class NameList {
    private NameList() {
    }

    static String encode(List<String> names) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            for (char ch : names.get(i).toCharArray()) {
                if (ch == ',' || ch == '\\') {
                    sb.append('\\');
                }
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    static List<String> decode(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\\' && i + 1 < text.length()) {
                cur.append(text.charAt(++i));
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
