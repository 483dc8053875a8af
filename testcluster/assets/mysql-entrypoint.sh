#!/bin/bash
# Entrypoint of the MariaDB image tagged as mysql:8.0. It honours the same
# variables as the official MySQL image so the lesson manifest runs as is:
# MYSQL_ROOT_PASSWORD, MYSQL_USER, MYSQL_PASSWORD, MYSQL_DATABASE.
set -euo pipefail

# While this script is PID 1 (during initialisation) the kernel ignores
# SIGTERM unless it is handled: without this trap a pod deleted in its first
# seconds would wait out its whole grace period.
pid=""
on_term() {
    if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
    exit 143
}
trap on_term TERM INT

DATADIR=/var/lib/mysql
SOCKET=/run/mysqld/mysqld.sock
mkdir -p "$DATADIR" /run/mysqld
chown mysql:mysql /run/mysqld
# The official MySQL image's entrypoint does this on every start, not only the
# first: whatever in the data directory the mysql user does not own is handed
# to it (group kept). A file written as root with `kubectl exec` therefore shows
# `mysql root` after the pod is recreated on its PersistentVolume, on EKS and
# here alike.
find "$DATADIR" \! -user mysql -exec chown mysql '{}' +

sql_escape() { local s=${1//\\/\\\\}; printf '%s' "${s//\'/\'\'}"; }

if [ ! -d "$DATADIR/mysql" ]; then
    echo "entrypoint: initialising $DATADIR"
    chown -R mysql:mysql "$DATADIR"
    mariadb-install-db --user=mysql --datadir="$DATADIR" --skip-test-db \
        --auth-root-authentication-method=socket >/dev/null
    mariadbd --user=mysql --datadir="$DATADIR" --skip-networking --socket="$SOCKET" &
    pid=$!
    for _ in $(seq 1 60); do
        mariadb-admin --socket="$SOCKET" ping >/dev/null 2>&1 && break
        sleep 0.5
    done
    {
        if [ -n "${MYSQL_ROOT_PASSWORD:-}" ]; then
            rp=$(sql_escape "$MYSQL_ROOT_PASSWORD")
            echo "ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('$rp');"
            echo "CREATE USER IF NOT EXISTS 'root'@'%' IDENTIFIED BY '$rp';"
            echo "GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;"
        fi
        if [ -n "${MYSQL_DATABASE:-}" ]; then
            echo "CREATE DATABASE IF NOT EXISTS \`${MYSQL_DATABASE//\`/}\`;"
        fi
        if [ -n "${MYSQL_USER:-}" ] && [ -n "${MYSQL_PASSWORD:-}" ]; then
            u=$(sql_escape "$MYSQL_USER"); p=$(sql_escape "$MYSQL_PASSWORD")
            echo "CREATE USER IF NOT EXISTS '$u'@'%' IDENTIFIED BY '$p';"
            if [ -n "${MYSQL_DATABASE:-}" ]; then
                echo "GRANT ALL ON \`${MYSQL_DATABASE//\`/}\`.* TO '$u'@'%';"
            fi
        fi
        echo "FLUSH PRIVILEGES;"
    } | mariadb --socket="$SOCKET" -uroot
    mariadb-admin --socket="$SOCKET" -uroot shutdown
    wait "$pid" || true
    pid=""
    echo "entrypoint: initialised"
fi

exec mariadbd --user=mysql --datadir="$DATADIR" --socket="$SOCKET" \
    --bind-address=0.0.0.0 --port=3306 --skip-name-resolve "$@"
