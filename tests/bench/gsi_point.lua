-- sysbench script: point lookups by a non-partition column (sbtest1.k), through a global index or, with
-- HINT="FORCE INDEX (PRIMARY)", by scanning every shard. Used by tests/bench/gsi.sh.
sysbench.cmdline.options = {
  ["table-size"] = {"rows in sbtest1", 10000},
  hint = {"index hint after the table name", ""}
}

function thread_init()
  drv = sysbench.sql.driver()
  con = drv:connect()
end

function event()
  local k = sysbench.rand.default(1, sysbench.opt.table_size)
  con:query(string.format("SELECT id, c FROM sbtest1 %s WHERE k = %d", sysbench.opt.hint, k))
end

function thread_done()
  con:disconnect()
end
