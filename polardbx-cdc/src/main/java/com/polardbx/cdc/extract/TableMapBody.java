package com.polardbx.cdc.extract;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The parts of a TABLE_MAP event body (MySQL and MariaDB alike): table id, names, and the column section. */
public record TableMapBody(long tableId, String database, String table, byte[] columns) {
    public static TableMapBody parse(byte[] body) {
        long id = tableId(body);
        int p = 8;
        int dbLength = body[p++] & 0xFF;
        String db = new String(body, p, dbLength, StandardCharsets.UTF_8);
        p += dbLength + 1;
        int tableLength = body[p++] & 0xFF;
        String table = new String(body, p, tableLength, StandardCharsets.UTF_8);
        p += tableLength + 1;
        return new TableMapBody(id, db, table, Arrays.copyOfRange(body, p, body.length));
    }

    /** The 6-byte table id every TABLE_MAP and rows event body starts with. */
    public static long tableId(byte[] body) {
        long id = 0;
        for (int i = 5; i >= 0; i--) {
            id = (id << 8) | (body[i] & 0xFF);
        }
        return id;
    }
}
