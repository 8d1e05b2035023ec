#!/usr/bin/perl
# Round-trips every byte value through Perl DBD::MariaDB, with client-side and server-side prepares.
# usage: perl blobs.pl HOST PORT USER PASSWORD DATABASE
# Prints one canonical line per check; the suite runs it against the CN and a plain MariaDB and compares the output.
use strict;
use warnings;
use DBI;

my ($host, $port, $user, $password, $database) = @ARGV;
my $all = join('', map { chr } 0 .. 255);
for my $server_prepare (0, 1) {
    my $mode = $server_prepare ? 'server-prepare' : 'client-prepare';
    my $dbh = DBI->connect("DBI:MariaDB:database=$database;host=$host;port=$port", $user, $password,
        {RaiseError => 1, PrintError => 0, AutoCommit => 1, mariadb_server_prepare => $server_prepare});
    $dbh->do('DROP TABLE IF EXISTS pl_blobs');
    $dbh->do('CREATE TABLE pl_blobs (id INT PRIMARY KEY, b BLOB, v VARBINARY(300))');
    my $ins = $dbh->prepare('INSERT INTO pl_blobs VALUES (?, ?, ?)');
    $ins->bind_param(1, 1);
    $ins->bind_param(2, $all, DBI::SQL_BLOB);
    $ins->bind_param(3, scalar reverse($all), DBI::SQL_VARBINARY);
    $ins->execute;
    $ins->execute($_, chr(255 - $_) . "\x00'\\\x80", chr($_ * 5)) for 2 .. 15;
    $dbh->do('INSERT INTO pl_blobs VALUES (99, ' . $dbh->quote("\xff\xfe\x00'") . ', NULL)');
    my $rows = $dbh->selectall_arrayref('SELECT id, b, v FROM pl_blobs WHERE id IN (1, 2, 99) OR v = ? ORDER BY id',
        undef, chr(35));
    for my $r (@$rows) {
        print join(' ', $mode, $r->[0], unpack('H*', $r->[1]), defined $r->[2] ? unpack('H*', $r->[2]) : 'NULL'), "\n";
    }
    my ($n, $hex) = $dbh->selectrow_array("SELECT COUNT(*), HEX(?) FROM pl_blobs", undef, "\x80\xff");
    print "$mode aggregate $n $hex\n";
    $dbh->do('DROP TABLE pl_blobs');
    $dbh->disconnect;
}
