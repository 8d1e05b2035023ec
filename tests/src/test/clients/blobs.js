// Round-trips every byte value through Node's mysql2, by text queries (client-side escaping) and by execute
// (server-side prepared statements).
// usage: node blobs.js HOST PORT USER PASSWORD DATABASE   (mysql2 resolved through NODE_PATH)
// Prints one canonical line per check; the suite runs it against the CN and a plain MariaDB and compares the output.
const mysql = require('mysql2/promise');

async function main() {
  const [host, port, user, password, database] = process.argv.slice(2);
  const c = await mysql.createConnection({host, port: Number(port), user, password, database});
  const all = Buffer.from([...Array(256).keys()]);
  await c.query('DROP TABLE IF EXISTS js_blobs');
  await c.query('CREATE TABLE js_blobs (id INT PRIMARY KEY, b BLOB, v VARBINARY(300), s VARCHAR(20))');
  await c.query('INSERT INTO js_blobs VALUES (?, ?, ?, ?)', [1, all, Buffer.from(all).reverse(), 'é€😀']);
  for (let i = 2; i < 12; i++) {
    await c.execute('INSERT INTO js_blobs VALUES (?, ?, ?, ?)',
      [i, Buffer.from([255 - i, 0, 39, 92, 128]), Buffer.from([i * 9]), 'r' + i]);
  }
  const [rows] = await c.execute('SELECT id, b, v, s FROM js_blobs WHERE id < ? OR v = ? ORDER BY id',
    [3, Buffer.from([45])]);
  for (const r of rows) {
    console.log('row', r.id, r.b.toString('hex'), r.v.toString('hex'), r.s);
  }
  const [lit] = await c.query("SELECT HEX(?) AS h, HEX(_binary'\\0\\'') AS e", [Buffer.from([0xff, 0x80])]);
  console.log('literal', lit[0].h, lit[0].e);
  await c.query('DROP TABLE js_blobs');
  await c.end();
}

main().catch((e) => {
  console.error(e.code, e.errno, e.sqlMessage || e.message);
  process.exit(1);
});
