<?php
// Prints the column definitions of each query run as a server-side prepared statement (mysqli: binary protocol).
// usage: php metadata.php HOST PORT USER PASSWORD DATABASE QUERY...
// One line per column; the suite runs it against the CN and a plain MariaDB and compares the output.
[$self, $host, $port, $user, $password, $database] = array_slice($argv, 0, 6);
mysqli_report(MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT);
$db = new mysqli($host, $user, $password, $database, (int) $port);
$db->set_charset('utf8mb4');
foreach (array_slice($argv, 6) as $sql) {
    echo $sql, "\n";
    $stmt = $db->prepare($sql);
    $stmt->execute();
    foreach ($stmt->result_metadata()->fetch_fields() as $i => $f) {
        echo '  ', $i + 1, ' name=', $f->name, ' orgname=', $f->orgname, ' table=', $f->table, ' orgtable=',
            $f->orgtable, ' db=', $f->db, ' length=', $f->length, ' charset=', $f->charsetnr, ' flags=', $f->flags,
            ' type=', $f->type, ' decimals=', $f->decimals, "\n";
    }
    $stmt->close();
}
