<?php
// Round-trips every byte value through PHP's PDO (emulated and native prepares) and mysqli (escaping and prepares).
// usage: php blobs.php HOST PORT USER PASSWORD DATABASE
// Prints one canonical line per check; the suite runs it against the CN and a plain MariaDB and compares the output.
[$self, $host, $port, $user, $password, $database] = $argv;
mysqli_report(MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT);
$all = '';
for ($i = 0; $i < 256; $i++) {
    $all .= chr($i);
}

function dump_rows(string $label, array $rows): void {
    foreach ($rows as $r) {
        echo $label, ' ', $r[0], ' ', bin2hex((string) $r[1]), ' ', bin2hex((string) $r[2]), "\n";
    }
}

foreach ([true, false] as $emulate) {
    $mode = $emulate ? 'pdo-emulated' : 'pdo-native';
    $pdo = new PDO("mysql:host=$host;port=$port;dbname=$database;charset=utf8mb4", $user, $password,
        [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION, PDO::ATTR_EMULATE_PREPARES => $emulate]);
    $pdo->exec('DROP TABLE IF EXISTS php_blobs');
    $pdo->exec('CREATE TABLE php_blobs (id INT PRIMARY KEY, b BLOB, v VARBINARY(300))');
    $ins = $pdo->prepare('INSERT INTO php_blobs VALUES (?, ?, ?)');
    $ins->bindValue(1, 1, PDO::PARAM_INT);
    $ins->bindValue(2, $all, PDO::PARAM_LOB);
    $ins->bindValue(3, strrev($all), PDO::PARAM_STR);
    $ins->execute();
    for ($i = 2; $i < 20; $i++) {
        $ins->execute([$i, chr(255 - $i) . "\x00'\\", chr($i * 7)]);
    }
    $sel = $pdo->prepare('SELECT id, b, v FROM php_blobs WHERE v = ? OR id = ? ORDER BY id');
    $sel->execute([chr(21), 1]);
    dump_rows($mode, $sel->fetchAll(PDO::FETCH_NUM));
    $n = $pdo->query("SELECT COUNT(*), HEX('\xff\xfe'), HEX(_binary'\x80') FROM php_blobs")->fetch(PDO::FETCH_NUM);
    echo $mode, ' literal ', implode(',', $n), "\n";
    $pdo->exec('DROP TABLE php_blobs');
}

$my = new mysqli($host, $user, $password, $database, (int) $port);
$my->set_charset('utf8mb4');
$my->query('DROP TABLE IF EXISTS php_blobs');
$my->query('CREATE TABLE php_blobs (id INT PRIMARY KEY, b BLOB, v VARBINARY(300))');
$my->query("INSERT INTO php_blobs VALUES (1, '" . $my->real_escape_string($all) . "', _binary'"
    . $my->real_escape_string(strrev($all)) . "')");
$st = $my->prepare('INSERT INTO php_blobs VALUES (?, ?, ?)');
$id = 2;
$b = "\xff\x00\x80";
$v = "\xfe";
$st->bind_param('isb', $id, $b, $v);
$st->send_long_data(2, "\xfe\xfd");
$st->execute();
$res = $my->query('SELECT id, b, v FROM php_blobs ORDER BY id');
dump_rows('mysqli', $res->fetch_all(MYSQLI_NUM));
$st = $my->prepare('SELECT id FROM php_blobs WHERE b = ?');
$st->bind_param('s', $b);
$st->execute();
echo 'mysqli where ', $st->get_result()->fetch_row()[0], "\n";
$my->query('DROP TABLE php_blobs');
