package com.polardbx.executor.ddl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plain-text payload of a DDL job: the planned physical locations plus a few named values.
 *
 * <p>One entry per line, fields separated by tabs: {@code loc dn0 d_p0 t_1a2b_00000}, {@code set before <hash>},
 * {@code rename a b}. It is written before the first physical step so that recovery knows exactly what may exist.
 */
final class JobPayload {
    private final List<PhysicalLocation> locations = new ArrayList<>();
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String[]> renames = new ArrayList<>();

    JobPayload addLocation(PhysicalLocation location) {
        locations.add(location);
        return this;
    }

    JobPayload addLocations(List<PhysicalLocation> all) {
        locations.addAll(all);
        return this;
    }

    JobPayload set(String key, String value) {
        values.put(key, value);
        return this;
    }

    JobPayload addRename(String from, String to) {
        renames.add(new String[] {from, to});
        return this;
    }

    List<PhysicalLocation> locations() {
        return locations;
    }

    String get(String key) {
        return values.get(key);
    }

    /** The names of the values set, in the order they were first set. */
    List<String> keys() {
        return List.copyOf(values.keySet());
    }

    List<String[]> renames() {
        return renames;
    }

    String encode() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append("set\t").append(k).append('\t').append(v).append('\n'));
        for (PhysicalLocation l : locations) {
            sb.append("loc\t").append(l.dnId()).append('\t').append(l.physicalDb()).append('\t')
                .append(l.physicalTable() == null ? "-" : l.physicalTable()).append('\n');
        }
        renames.forEach(r -> sb.append("rename\t").append(r[0]).append('\t').append(r[1]).append('\n'));
        return sb.toString();
    }

    static JobPayload decode(String text) {
        JobPayload payload = new JobPayload();
        if (text == null) {
            return payload;
        }
        for (String line : text.split("\n")) {
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "set" -> payload.set(f[1], f[2]);
                case "loc" -> payload.addLocation(new PhysicalLocation(f[1], f[2], "-".equals(f[3]) ? null : f[3]));
                case "rename" -> payload.addRename(f[1], f[2]);
                default -> { } // blank line
            }
        }
        return payload;
    }
}
