#!/usr/bin/env bash
# Makes sure the local Postgres and RabbitMQ answer, starting them if installed but stopped.
set -euo pipefail

wait_for() { # name, probe command
  for _ in $(seq 1 60); do
    if eval "$2" >/dev/null 2>&1; then echo "== $1 is up"; return 0; fi
    sleep 1
  done
  echo "$1 did not come up" >&2
  return 1
}

if ! pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1; then
  echo "== starting Postgres"
  if command -v pg_ctlcluster >/dev/null; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  fi
fi
wait_for Postgres "pg_isready -h 127.0.0.1 -p 5432"

if ! rabbitmqctl -q status >/dev/null 2>&1; then
  echo "== starting RabbitMQ"
  if command -v rabbitmq-server >/dev/null; then rabbitmq-server -detached || true; fi
fi
wait_for RabbitMQ "rabbitmqctl -q await_startup"
