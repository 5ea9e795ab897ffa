#!/usr/bin/env bash
# Runs the docker-compose topology of sirnn-java as plain processes on loopback, without Docker:
# server-party and client-party (serve) with mutual TLS, each with its Prometheus endpoint.
#
# Usage:
#   scripts/run-local.sh [start]       start both parties in the background, print their PIDs and READY, exit 0
#   scripts/run-local.sh --foreground  the same, then stay attached; Ctrl-C, SIGTERM or exit stops both
#   scripts/run-local.sh stop          stop the parties of an earlier `start` (same SIRNN_RUN_DIR / ports)
#   scripts/run-local.sh status        tell whether they run; exit 0 if both do, 1 otherwise
#
# On READY, stdout ends with KEY=VALUE lines and then the line READY:
#   SIRNN_RUN_DIR, SIRNN_CERTS_DIR, SERVER_PID, CLIENT_PID, SERVER_ADDR, CLIENT_ADDR,
#   SERVER_METRICS_URL, CLIENT_METRICS_URL, SERVER_LOG, CLIENT_LOG
# Progress and errors go to stderr.
#
# Environment (all optional):
#   SIRNN_SERVER_PORT          PartyLink port of server-party            (default 7001)
#   SIRNN_SERVER_METRICS_PORT  metrics port of server-party              (default 9401)
#   SIRNN_CLIENT_PORT          Inference API port of client-party        (default 7002)
#   SIRNN_CLIENT_METRICS_PORT  metrics port of client-party              (default 9402)
#   SIRNN_HOST                 loopback address the parties use          (default 127.0.0.1; the server
#                              certificate is valid for 127.0.0.1, localhost and server-party)
#   SIRNN_MODELS               models directory of server-party          (default: the repository's models/
#                              if present, else an empty directory in the run dir)
#   SIRNN_RUN_DIR              pid files, logs and certs                 (default ${TMPDIR:-/tmp}/sirnn-run-local-UID-SERVERPORT)
#   SIRNN_READY_TIMEOUT        seconds to wait for each party            (default 60)
#   SIRNN_STOP_TIMEOUT         seconds to wait for a party to exit       (default 15), then SIGKILL
#   SIRNN_BUILD_TIMEOUT        seconds for the Maven build, if needed    (default 1200)
#   SIRNN_CERTS_TIMEOUT        seconds for `client-party.jar certs`      (default 120)
#   SIRNN_BUILD                auto: build when a jar is missing; always; never      (default auto)
#   SIRNN_SERVER_ARGS, SIRNN_CLIENT_ARGS   extra arguments, split on whitespace
#   JAVA_OPTS                  JVM options of both parties, split on whitespace
#   JAVA                       java command (default $JAVA_HOME/bin/java if JAVA_HOME is set, else java)
#   MVN                        maven command (default mvn)
set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly REPO_DIR
readonly SERVER_JAR="$REPO_DIR/server-party/target/server-party.jar"
readonly CLIENT_JAR="$REPO_DIR/client-party/target/client-party.jar"

SERVER_PORT="${SIRNN_SERVER_PORT:-7001}"
SERVER_METRICS_PORT="${SIRNN_SERVER_METRICS_PORT:-9401}"
CLIENT_PORT="${SIRNN_CLIENT_PORT:-7002}"
CLIENT_METRICS_PORT="${SIRNN_CLIENT_METRICS_PORT:-9402}"
HOST="${SIRNN_HOST:-127.0.0.1}"
READY_TIMEOUT="${SIRNN_READY_TIMEOUT:-60}"
STOP_TIMEOUT="${SIRNN_STOP_TIMEOUT:-15}"
BUILD_TIMEOUT="${SIRNN_BUILD_TIMEOUT:-1200}"
CERTS_TIMEOUT="${SIRNN_CERTS_TIMEOUT:-120}"
BUILD="${SIRNN_BUILD:-auto}"
RUN_DIR="${SIRNN_RUN_DIR:-${TMPDIR:-/tmp}/sirnn-run-local-$(id -u)-${SERVER_PORT}}"
if [[ -n "${JAVA:-}" ]]; then
  :
elif [[ -n "${JAVA_HOME:-}" ]]; then
  JAVA="$JAVA_HOME/bin/java"
else
  JAVA=java
fi
MVN="${MVN:-mvn}"

SERVER_PID_FILE="$RUN_DIR/server-party.pid"
CLIENT_PID_FILE="$RUN_DIR/client-party.pid"
SERVER_LOG="$RUN_DIR/server-party.log"
CLIENT_LOG="$RUN_DIR/client-party.log"

# processes started by this invocation; stopped on failure (and in --foreground mode on exit)
STARTED_PIDS=()
STARTED_NAMES=()
KEEP_RUNNING=false

log() { printf 'run-local: %s\n' "$*" >&2; }
die() { printf 'run-local: error: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '2,/^set -euo pipefail/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//' >&2
}

require_number() { # name value
  [[ "$2" =~ ^[0-9]+$ ]] || die "$1 must be a whole number, got '$2'"
}

check_settings() {
  local name
  for name in SERVER_PORT SERVER_METRICS_PORT CLIENT_PORT CLIENT_METRICS_PORT \
      READY_TIMEOUT STOP_TIMEOUT BUILD_TIMEOUT CERTS_TIMEOUT; do
    require_number "$name" "${!name}"
  done
  case "$BUILD" in auto | always | never) ;; *) die "SIRNN_BUILD must be auto, always or never, got '$BUILD'" ;; esac
  local ports=("$SERVER_PORT" "$SERVER_METRICS_PORT" "$CLIENT_PORT" "$CLIENT_METRICS_PORT")
  if [[ "$(printf '%s\n' "${ports[@]}" | sort -u | wc -l)" -ne 4 ]]; then
    die "the four ports must differ: ${ports[*]}"
  fi
}

need_command() { # command what-for
  command -v "$1" >/dev/null 2>&1 || die "'$1' not found (needed $2)"
}

# True while a process with that pid exists and runs the given jar (guards against reused pids).
is_party() { # pid jar-name
  local pid="$1" jar="$2" cmdline
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
    [[ "$cmdline" == *"$jar"* ]] || return 1
  fi
  return 0
}

read_pid() { # file
  [[ -f "$1" ]] || return 0
  local pid
  pid="$(head -n 1 "$1" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] && printf '%s' "$pid"
  return 0
}

# Something already listens on 127.0.0.1:port? (bounded: a connect attempt of at most 2 s)
port_in_use() { # host port
  # shellcheck disable=SC2016 # $1 and $2 are expanded by the inner bash
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null
}

metrics_up() { # url
  curl -fsS --max-time 2 -o /dev/null "$1" 2>/dev/null
}

# Sends SIGTERM, waits up to STOP_TIMEOUT seconds, then SIGKILL.
stop_pid() { # pid name
  local pid="$1" name="$2" waited=0
  kill -0 "$pid" 2>/dev/null || return 0
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= STOP_TIMEOUT * 5)); then
      log "$name (pid $pid) still running after ${STOP_TIMEOUT}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
  # reap it if it is our child; harmless otherwise
  wait "$pid" 2>/dev/null || true
}

cleanup_started() {
  local i
  for ((i = ${#STARTED_PIDS[@]} - 1; i >= 0; i--)); do
    stop_pid "${STARTED_PIDS[i]}" "${STARTED_NAMES[i]}"
  done
  STARTED_PIDS=()
  STARTED_NAMES=()
  rm -f "$SERVER_PID_FILE" "$CLIENT_PID_FILE"
  rm -rf "$RUN_DIR/certs"
}

on_exit() {
  local rc=$?
  if [[ "$KEEP_RUNNING" != true && ${#STARTED_PIDS[@]} -gt 0 ]]; then
    cleanup_started
  fi
  exit "$rc"
}

build_if_needed() {
  local build=false
  case "$BUILD" in
    always) build=true ;;
    never) ;;
    auto) [[ -s "$SERVER_JAR" && -s "$CLIENT_JAR" ]] || build=true ;;
    *) die "SIRNN_BUILD must be auto, always or never, got '$BUILD'" ;;
  esac
  if [[ "$build" == true ]]; then
    need_command "$MVN" "to build the jars (or build them first: mvn -B -q package -DskipTests)"
    log "building the jars: $MVN -B -q package -DskipTests (at most ${BUILD_TIMEOUT}s)"
    (cd "$REPO_DIR" && timeout "$BUILD_TIMEOUT" "$MVN" -B -q package -DskipTests) >&2 \
      || die "the Maven build failed or took longer than ${BUILD_TIMEOUT}s"
  fi
  [[ -s "$SERVER_JAR" ]] || die "missing $SERVER_JAR (SIRNN_BUILD=$BUILD)"
  [[ -s "$CLIENT_JAR" ]] || die "missing $CLIENT_JAR (SIRNN_BUILD=$BUILD)"
}

generate_certs() { # dir
  local dir="$1" f
  mkdir -p "$dir"
  chmod 700 "$dir"
  log "generating dev CA and mTLS certificates in $dir"
  if ! timeout "$CERTS_TIMEOUT" "$JAVA" -jar "$CLIENT_JAR" certs --out "$dir" >"$RUN_DIR/certs.log" 2>&1; then
    sed 's/^/  certs: /' "$RUN_DIR/certs.log" >&2 || true
    die "'client-party.jar certs --out $dir' failed or took longer than ${CERTS_TIMEOUT}s"
  fi
  for f in ca.pem server.pem server.key client.pem client.key; do
    [[ -s "$dir/$f" ]] || die "'client-party.jar certs' did not write $dir/$f"
  done
}

# Waits until pid is alive, its gRPC port accepts connections and its metrics URL answers.
wait_ready() { # name pid grpc-port metrics-url log
  local name="$1" pid="$2" port="$3" url="$4" logfile="$5"
  local deadline=$((SECONDS + READY_TIMEOUT))
  log "waiting for $name (pid $pid): $HOST:$port and $url (at most ${READY_TIMEOUT}s)"
  while true; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "$name exited during start-up; last lines of $logfile:"
      tail -n 30 "$logfile" | sed 's/^/  /' >&2 || true
      die "$name did not start"
    fi
    if metrics_up "$url" && port_in_use "$HOST" "$port"; then
      return 0
    fi
    if ((SECONDS >= deadline)); then
      log "last lines of $logfile:"
      tail -n 30 "$logfile" | sed 's/^/  /' >&2 || true
      die "$name not ready after ${READY_TIMEOUT}s ($HOST:$port open? $url answers?)"
    fi
    sleep 0.5
  done
}

start() { # foreground?
  local foreground="$1"
  check_settings
  need_command curl "to probe the metrics endpoints"
  need_command timeout "to bound waits (coreutils)"
  need_command "$JAVA" "to run the parties (set JAVA or JAVA_HOME)"

  local spid cpid
  spid="$(read_pid "$SERVER_PID_FILE")"
  cpid="$(read_pid "$CLIENT_PID_FILE")"
  if is_party "$spid" server-party.jar || is_party "$cpid" client-party.jar; then
    die "already running from $RUN_DIR (server pid ${spid:-none}, client pid ${cpid:-none}); run '$0 stop' first"
  fi

  local port
  for port in "$SERVER_PORT" "$SERVER_METRICS_PORT" "$CLIENT_PORT" "$CLIENT_METRICS_PORT"; do
    if port_in_use "$HOST" "$port"; then
      die "port $HOST:$port is already in use (choose others with SIRNN_*_PORT)"
    fi
  done

  build_if_needed

  mkdir -p "$RUN_DIR"
  [[ -O "$RUN_DIR" ]] || die "$RUN_DIR belongs to another user; set SIRNN_RUN_DIR"
  chmod 700 "$RUN_DIR"
  rm -rf "$RUN_DIR/certs"
  rm -f "$SERVER_PID_FILE" "$CLIENT_PID_FILE" "$SERVER_LOG" "$CLIENT_LOG" "$RUN_DIR/certs.log"
  local certs="$RUN_DIR/certs"
  generate_certs "$certs"

  local models="${SIRNN_MODELS:-}"
  if [[ -z "$models" ]]; then
    if [[ -d "$REPO_DIR/models" ]]; then
      models="$REPO_DIR/models"
    else
      models="$RUN_DIR/models"
      mkdir -p "$models"
    fi
  fi
  [[ -d "$models" ]] || die "models directory not found: $models"

  local java_opts=() server_extra=() client_extra=()
  read -r -a java_opts <<<"${JAVA_OPTS:-}"
  read -r -a server_extra <<<"${SIRNN_SERVER_ARGS:-}"
  read -r -a client_extra <<<"${SIRNN_CLIENT_ARGS:-}"

  trap on_exit EXIT
  trap 'exit 143' TERM
  trap 'exit 130' INT

  local server_metrics="http://$HOST:$SERVER_METRICS_PORT/metrics"
  local client_metrics="http://$HOST:$CLIENT_METRICS_PORT/metrics"

  log "starting server-party on $HOST:$SERVER_PORT (models: $models)"
  "$JAVA" "${java_opts[@]}" -jar "$SERVER_JAR" \
    --port "$SERVER_PORT" --models "$models" \
    --tls-cert "$certs/server.pem" --tls-key "$certs/server.key" --tls-ca "$certs/ca.pem" \
    --metrics-port "$SERVER_METRICS_PORT" "${server_extra[@]}" \
    </dev/null >"$SERVER_LOG" 2>&1 &
  spid=$!
  STARTED_PIDS+=("$spid")
  STARTED_NAMES+=(server-party)
  echo "$spid" >"$SERVER_PID_FILE"
  wait_ready server-party "$spid" "$SERVER_PORT" "$server_metrics" "$SERVER_LOG"

  log "starting client-party serve on $HOST:$CLIENT_PORT -> $HOST:$SERVER_PORT"
  "$JAVA" "${java_opts[@]}" -jar "$CLIENT_JAR" serve \
    --host "$HOST" --port "$CLIENT_PORT" --server "$HOST:$SERVER_PORT" \
    --tls-cert "$certs/client.pem" --tls-key "$certs/client.key" --tls-ca "$certs/ca.pem" \
    --metrics-port "$CLIENT_METRICS_PORT" "${client_extra[@]}" \
    </dev/null >"$CLIENT_LOG" 2>&1 &
  cpid=$!
  STARTED_PIDS+=("$cpid")
  STARTED_NAMES+=(client-party)
  echo "$cpid" >"$CLIENT_PID_FILE"
  wait_ready client-party "$cpid" "$CLIENT_PORT" "$client_metrics" "$CLIENT_LOG"

  cat <<EOF
SIRNN_RUN_DIR=$RUN_DIR
SIRNN_CERTS_DIR=$certs
SERVER_PID=$spid
CLIENT_PID=$cpid
SERVER_ADDR=$HOST:$SERVER_PORT
CLIENT_ADDR=$HOST:$CLIENT_PORT
SERVER_METRICS_URL=$server_metrics
CLIENT_METRICS_URL=$client_metrics
SERVER_LOG=$SERVER_LOG
CLIENT_LOG=$CLIENT_LOG
READY
EOF

  if [[ "$foreground" != true ]]; then
    KEEP_RUNNING=true
    log "running in the background; stop with: $0 stop"
    return 0
  fi

  log "running in the foreground; Ctrl-C or SIGTERM stops both parties"
  while true; do
    if ! kill -0 "$spid" 2>/dev/null; then
      wait "$spid" 2>/dev/null || true
      die "server-party (pid $spid) exited; see $SERVER_LOG"
    fi
    if ! kill -0 "$cpid" 2>/dev/null; then
      wait "$cpid" 2>/dev/null || true
      die "client-party (pid $cpid) exited; see $CLIENT_LOG"
    fi
    # `wait` on a background sleep returns at once when a trapped signal arrives
    sleep 1 &
    wait $! || true
  done
}

stop() {
  check_settings
  local spid cpid stopped=0
  spid="$(read_pid "$SERVER_PID_FILE")"
  cpid="$(read_pid "$CLIENT_PID_FILE")"
  if is_party "$cpid" client-party.jar; then
    stop_pid "$cpid" client-party
    stopped=$((stopped + 1))
  fi
  if is_party "$spid" server-party.jar; then
    stop_pid "$spid" server-party
    stopped=$((stopped + 1))
  fi
  rm -f "$SERVER_PID_FILE" "$CLIENT_PID_FILE"
  rm -rf "$RUN_DIR/certs"
  if ((stopped == 0)); then
    log "nothing running from $RUN_DIR"
  else
    log "stopped $stopped process(es); logs stay in $RUN_DIR"
  fi
}

status() {
  check_settings
  local spid cpid up=0
  spid="$(read_pid "$SERVER_PID_FILE")"
  cpid="$(read_pid "$CLIENT_PID_FILE")"
  if is_party "$spid" server-party.jar; then
    echo "server-party running (pid $spid) on $HOST:$SERVER_PORT, metrics :$SERVER_METRICS_PORT"
    up=$((up + 1))
  else
    echo "server-party not running"
  fi
  if is_party "$cpid" client-party.jar; then
    echo "client-party running (pid $cpid) on $HOST:$CLIENT_PORT, metrics :$CLIENT_METRICS_PORT"
    up=$((up + 1))
  else
    echo "client-party not running"
  fi
  ((up == 2))
}

main() {
  local cmd="${1:-start}"
  case "$cmd" in
    start) start false ;;
    --foreground | -f | foreground) start true ;;
    stop) stop ;;
    status) status ;;
    -h | --help | help) usage ;;
    *)
      usage
      die "unknown command '$cmd'"
      ;;
  esac
}

main "$@"
