#!/usr/bin/env bash
# Start Debian's Virtuoso (package virtuoso-opensource) on loopback with a throwaway database,
# for the remote-store contract tests and benchmarks:
#
#     eval "$(bash .ci/virtuoso.sh start /tmp/govkg-virtuoso)"   # prints the export lines
#
# Free loopback ports are picked unless VIRTUOSO_HTTP_PORT / VIRTUOSO_SQL_PORT are set.
#     bash .ci/virtuoso.sh stop /tmp/govkg-virtuoso
#
# The database folder is created (it must not exist or be empty). The HTTP and SQL ports are
# bound to 127.0.0.1 only; ResultSetMaxRows is raised from 10,000 so results are not cut; a
# writer account with SPARQL_UPDATE is created for the -auth endpoints (HTTP Digest).
set -euo pipefail
cmd=${1:?start or stop}
dir=${2:?database folder}
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
http_port=${VIRTUOSO_HTTP_PORT:-$(free_port)}
sql_port=${VIRTUOSO_SQL_PORT:-$(free_port)}
user=${VIRTUOSO_USER:-govkg}

if [ "$cmd" = stop ]; then
  pid=$(cat "$dir/virtuoso.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  exit 0
fi

command -v virtuoso-t >/dev/null || { echo "error: virtuoso-t not found; apt-get install virtuoso-opensource" >&2; exit 1; }
mkdir -p "$dir"
if [ -n "$(ls -A "$dir")" ]; then echo "error: $dir is not empty" >&2; exit 1; fi
password=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
dba_password=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
cat > "$dir/virtuoso.ini" <<INI
[Database]
DatabaseFile       = $dir/virtuoso.db
ErrorLogFile       = $dir/virtuoso.log
LockFile           = $dir/virtuoso.lck
TransactionFile    = $dir/virtuoso.trx
xa_persistent_file = $dir/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = $dir/virtuoso-temp.db
TransactionFile    = $dir/virtuoso-temp.trx
Striping           = 0

[Parameters]
ServerPort               = 127.0.0.1:$sql_port
DisableUnixSocket        = 1
MaxClientConnections     = 20
CheckpointInterval       = 60
CaseMode                 = 2
DirsAllowed              = ., $dir
NumberOfBuffers          = 10000
MaxDirtyBuffers          = 6000
MaxQueryMem              = 500M

[HTTPServer]
ServerPort                  = 127.0.0.1:$http_port
ServerRoot                  = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections        = 20
ServerThreads               = 20
EnabledDavVSP               = 0
HTTPProxyEnabled            = 0
Charset                     = UTF-8
MaxKeepAlives               = 20
KeepAliveTimeout            = 10

[SPARQL]
ResultSetMaxRows           = 1000000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime      = 120
INI
cd "$dir"
virtuoso-t +configfile "$dir/virtuoso.ini" +wait >"$dir/start.log" 2>&1
# virtuoso-t +wait detaches; its lock file names the server's pid
sed -n 's/^VIRT_PID=//p' "$dir/virtuoso.lck" > "$dir/virtuoso.pid"
for _ in $(seq 1 120); do
  if isql-vt "127.0.0.1:$sql_port" dba dba exec="select 1;" >/dev/null 2>&1; then break; fi
  sleep 0.5
done
isql-vt "127.0.0.1:$sql_port" dba dba >"$dir/setup.log" 2>&1 <<SQL
DB.DBA.USER_CREATE('$user', '$password');
GRANT SPARQL_SELECT TO "$user";
GRANT SPARQL_UPDATE TO "$user";
DB.DBA.RDF_DEFAULT_USER_PERMS_SET('$user', 3);
DB.DBA.USER_CHANGE_PASSWORD('dba', 'dba', '$dba_password');
SQL
echo "export GOVKG_TEST_VIRTUOSO=http://127.0.0.1:$http_port"
echo "export GOVKG_TEST_VIRTUOSO_USER=$user"
echo "export GOVKG_TEST_VIRTUOSO_PASSWORD=$password"
