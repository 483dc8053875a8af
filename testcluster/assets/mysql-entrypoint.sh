#!/bin/bash
# Entrypoint of the test cluster's stand-in for the official MySQL image
# (public.ecr.aws/docker/library/mysql:8.4): Debian's MariaDB, which cannot be
# pulled here, started the way docker-library/mysql's docker-entrypoint.sh
# starts MySQL, step for step and in the same order, so that what a lesson
# observes between the steps (when the data directory changes owner, when
# port 3306 opens) happens here when it happens on the real image:
#
#   1. check the server's configuration (`mysqld --verbose --help`) and read
#      the data directory, the socket and the other paths from it;
#   2. as root, create those directories and hand whatever in them the mysql
#      user does not own to it (owner only, the group is kept; on every start,
#      not only the first);
#   3. start over as the mysql user;
#   4. only if the data directory holds no database yet: initialise it, start
#      a temporary server with --skip-networking (a socket, no TCP port), set
#      the root password and create MYSQL_DATABASE and MYSQL_USER, stop it;
#   5. start the real server, listening on TCP 3306.
#
# A readiness probe on TCP 3306 is therefore Ready only at step 5, after the
# data directory changed owner and after any initialisation; `mysqladmin ping`
# on the socket would also answer the temporary server of step 4.
# It honours the variables the lessons use: MYSQL_ROOT_PASSWORD, MYSQL_USER,
# MYSQL_PASSWORD, MYSQL_DATABASE (and MYSQL_ROOT_HOST, default '%').
set -eo pipefail
shopt -s nullglob

note() { printf '%s [Note] [Entrypoint]: %s\n' "$(date --rfc-3339=seconds)" "$*"; }
fail() {
    printf '%s [ERROR] [Entrypoint]: %s\n' "$(date --rfc-3339=seconds)" "$*" >&2
    exit 1
}

# While this script is PID 1 (until the real server replaces it) the kernel
# ignores SIGTERM unless it is handled: without this trap a pod deleted in its
# first seconds would wait out its whole grace period.
pid=""
on_term() {
    if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
    exit 143
}
trap on_term TERM INT

SERVER=(mariadbd)

# Step 1: the official image runs `mysqld --verbose --help` to check the
# configuration, then once per setting it reads.
config_check() {
    local errors
    if ! errors="$("${SERVER[@]}" --verbose --help 2>&1 >/dev/null)"; then
        fail "mysqld failed while attempting to check config: $errors"
    fi
}
config_get() {
    "${SERVER[@]}" --verbose --help 2>/dev/null |
        awk -v conf="$1" '$1 == conf && /^[^ \t]/ { sub(/^[^ \t]+[ \t]+/, ""); print; exit }'
}

note "Entrypoint script for the MySQL stand-in (MariaDB $("${SERVER[@]}" --version | awk '{print $3}')) started."
config_check
DATADIR="$(config_get datadir)"
DATADIR="${DATADIR%/}"
SOCKET="$(config_get socket)"
: "${MYSQL_ROOT_HOST:=%}"

# Step 2: the directories the server writes to, as the official image lists
# them (MariaDB gives log files relative to the data directory).
create_db_directories() {
    local -A dirs=(["$DATADIR"]=1 ["$(dirname "$SOCKET")"]=1)
    local conf dir
    for conf in general-log-file pid-file secure-file-priv slow-query-log-file; do
        dir="$(config_get "$conf")"
        case "$dir" in "" | NULL | "(No default value)") continue ;; esac
        [ "$conf" = secure-file-priv ] || dir="$(dirname "$dir")"
        case "$dir" in /*) ;; *) dir="$DATADIR/$dir" ;; esac
        dirs["$dir"]=1
    done
    mkdir -p "${!dirs[@]}"
    if [ "$(id -u)" = 0 ]; then
        find "${!dirs[@]}" \! -user mysql -exec chown --no-dereference mysql '{}' +
    fi
}
create_db_directories

# Step 3: as the official image does with gosu, run this script again as mysql.
if [ "$(id -u)" = 0 ]; then
    note "Switching to dedicated user 'mysql'"
    exec setpriv --reuid=mysql --regid=mysql --init-groups "$BASH_SOURCE" "$@"
fi

sql_escape() { local s=${1//\\/\\\\}; printf '%s' "${s//\'/\'\'}"; }

# Step 4: initialise an empty data directory through a server without TCP.
if [ ! -d "$DATADIR/mysql" ]; then
    [ -n "${MYSQL_ROOT_PASSWORD:-}" ] || fail "Database is uninitialized and MYSQL_ROOT_PASSWORD is not set"
    # MySQL initialises only an empty directory (hidden entries and an ext4
    # lost+found aside): a file written there first keeps the pod failing.
    for entry in "$DATADIR"/*; do
        [ "${entry##*/}" = lost+found ] && continue
        fail "--initialize specified but the data directory has files in it. Aborting."
    done
    note "Initializing database files"
    # MariaDB also creates mysql@localhost, reached through the socket by the
    # OS user mysql (that is us now): the way in until root has its password.
    mariadb-install-db --user=mysql --datadir="$DATADIR" --skip-test-db \
        --auth-root-authentication-method=socket >/dev/null
    note "Database files initialized"
    note "Starting temporary server"
    "${SERVER[@]}" --datadir="$DATADIR" --skip-networking --socket="$SOCKET" &
    pid=$!
    # As long as it takes, as the official image's `mysqld --daemonize` waits: a
    # deadline here would, on a loaded node, let the SQL below fail, the
    # container restart and the pod list show a restart the real image never
    # makes. A server that dies fails the container at once.
    until mariadb-admin --socket="$SOCKET" ping >/dev/null 2>&1; do
        kill -0 "$pid" 2>/dev/null || fail "Unable to start server."
        sleep 0.5
    done
    note "Temporary server started."
    rp=$(sql_escape "$MYSQL_ROOT_PASSWORD")
    rh=$(sql_escape "$MYSQL_ROOT_HOST")
    {
        echo "ALTER USER 'root'@'localhost' IDENTIFIED BY '$rp';"
        echo "GRANT ALL ON *.* TO 'root'@'localhost' WITH GRANT OPTION;"
        if [ "$MYSQL_ROOT_HOST" != localhost ]; then
            echo "CREATE USER IF NOT EXISTS 'root'@'$rh' IDENTIFIED BY '$rp';"
            echo "GRANT ALL ON *.* TO 'root'@'$rh' WITH GRANT OPTION;"
        fi
        if [ -n "${MYSQL_DATABASE:-}" ]; then
            echo "CREATE DATABASE IF NOT EXISTS \`${MYSQL_DATABASE//\`/}\`;"
        fi
        if [ -n "${MYSQL_USER:-}" ] && [ -n "${MYSQL_PASSWORD:-}" ]; then
            u=$(sql_escape "$MYSQL_USER")
            p=$(sql_escape "$MYSQL_PASSWORD")
            echo "CREATE USER IF NOT EXISTS '$u'@'%' IDENTIFIED BY '$p';"
            if [ -n "${MYSQL_DATABASE:-}" ]; then
                echo "GRANT ALL ON \`${MYSQL_DATABASE//\`/}\`.* TO '$u'@'%';"
            fi
        fi
        # The official image has no password-less administrator; this one goes last.
        echo "DROP USER IF EXISTS 'mysql'@'localhost';"
        echo "FLUSH PRIVILEGES;"
    } | mariadb --socket="$SOCKET"
    note "Stopping temporary server"
    MYSQL_PWD="$MYSQL_ROOT_PASSWORD" mariadb-admin --socket="$SOCKET" -uroot shutdown
    wait "$pid" || true
    pid=""
    note "Temporary server stopped"
    note "MySQL init process done. Ready for start up."
fi

# Step 5: the real server, the only one that listens on TCP.
exec "${SERVER[@]}" --datadir="$DATADIR" --socket="$SOCKET" \
    --bind-address=0.0.0.0 --port=3306 --skip-name-resolve "$@"
