"""Round-trips every byte value through a Python driver (PyMySQL or mysqlclient), by text and by parameters.

usage: python3 blobs.py pymysql|mysqldb HOST PORT USER PASSWORD DATABASE
Prints one canonical line per check; the suite runs it against the CN and a plain MariaDB and compares the output.
"""
import sys

driver, host, port, user, password, database = sys.argv[1:7]
if driver == "pymysql":
    import pymysql as db
    conn = db.connect(host=host, port=int(port), user=user, password=password, database=database,
                      charset="utf8mb4", autocommit=True)
else:
    import MySQLdb as db
    conn = db.connect(host=host, port=int(port), user=user, passwd=password, db=database,
                      charset="utf8mb4", autocommit=True)

ALL = bytes(range(256))
cur = conn.cursor()
cur.execute("DROP TABLE IF EXISTS blobs")
cur.execute("CREATE TABLE blobs (id INT PRIMARY KEY, b BLOB, v VARBINARY(300), s VARCHAR(40))")
cur.execute("INSERT INTO blobs VALUES (%s, %s, %s, %s)", (1, ALL, ALL[::-1], "é€😀"))
cur.execute("INSERT INTO blobs VALUES (%s, %s, %s, %s)", (2, b"\xff\xfe\x00'\\\"", b"", "plain"))
cur.executemany("INSERT INTO blobs VALUES (%s, %s, %s, %s)",
                [(i, bytes([i, 255 - i, 0x80]), bytes([i]), "r%d" % i) for i in range(3, 40)])
cur.execute("UPDATE blobs SET v = %s WHERE b = %s", (b"\x80\x81", b"\xff\xfe\x00'\\\""))
print("updated", cur.rowcount)
cur.execute("SELECT id, b, v, s FROM blobs ORDER BY id")
for row in cur.fetchall():
    print("row", row[0], row[1].hex(), row[2].hex(), row[3])
cur.execute("SELECT id FROM blobs WHERE v = %s OR b = %s ORDER BY id", (bytes([7]), ALL))
print("where", [r[0] for r in cur.fetchall()])
cur.execute("SELECT HEX(%s), LENGTH(%s), HEX(_binary'\xff')", (b"\xff\xfe\x80", b"\xc3\x28"))
print("literal", cur.fetchone())
cur.execute("SELECT COUNT(*), SUM(LENGTH(b)), HEX(MAX(v)) FROM blobs")
print("aggregate", cur.fetchone())
cur.execute("DROP TABLE blobs")
conn.close()
