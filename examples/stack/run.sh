#!/usr/bin/env bash
# The local stack in one command: the server (with its embedded alert handling), the example
# shop instrumented with client-sdk, the same shop uninstrumented under the Java agent, a batch
# job, the host exporter, the database exporters for the databases that are reachable, and a
# webhook receiver that prints the notifications here. Ctrl-C stops everything.
#
#   examples/stack/run.sh            # ports 9090 (server), 8080/8081 (shops), 9100, 5001, ...
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
server="$root/server/target/vigil-server.jar"
app="$root/examples/target/vigil-example-app.jar"
plain="$root/examples/target/vigil-example-plain.jar"
exporter="$root/exporters/target/vigil-exporter.jar"
agent="$root/javaagent/target/vigil-agent.jar"
if [ ! -f "$server" ] || [ ! -f "$app" ] || [ ! -f "$plain" ] || [ ! -f "$exporter" ]; then
  echo "Building Vigil first (./mvnw -DskipTests package) ..."
  (cd "$root" && ./mvnw -B -q -DskipTests package)
fi

run="$here/.run"
mkdir -p "$run/textfile" "$here/targets"
rm -f "$here"/targets/*.json
pids=()
stop() {
  trap - EXIT INT TERM
  echo; echo "Stopping the stack ..."
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop EXIT INT TERM
start() { # name command...: runs in the background, output in .run/<name>.log
  local name=$1; shift
  "$@" >"$run/$name.log" 2>&1 &
  pids+=($!)
}
up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
target() { # file job address
  printf '[{"targets": ["%s"], "labels": {"job": "%s"}}]\n' "$3" "$2" >"$here/targets/$1.json"
}

# The receiver prints to this terminal: that is where the notifications show up.
java -cp "$app" dev.vigil.examples.webhook.WebhookPrinter --port 5001 &
pids+=($!)
start shop java -jar "$app" --port 8080
start batch java -cp "$app" dev.vigil.examples.batch.BatchJob --textfile-dir "$run/textfile" --every 30
start host java -jar "$exporter" host --web.listen-address=127.0.0.1:9100 \
  --collector.textfile.directory="$run/textfile"
if [ -f "$agent" ]; then
  start shop-agent java -javaagent:"$agent"=port=9464 -jar "$plain" --port 8081
  target shop-agent shop-agent 127.0.0.1:9464
else
  echo "The Java agent is not built ($agent); the uninstrumented shop is left out."
fi
if up 5432; then
  DATA_SOURCE_NAME="postgresql://postgres@127.0.0.1:5432/postgres?sslmode=disable" \
    start postgres java -jar "$exporter" postgres --web.listen-address=127.0.0.1:9187
  target postgres postgres 127.0.0.1:9187
fi
if up 3306; then
  DATA_SOURCE_NAME="root@(127.0.0.1:3306)/" \
    start mysql java -jar "$exporter" mysql --web.listen-address=127.0.0.1:9104
  target mysql mysql 127.0.0.1:9104
fi
if up 6379; then
  start redis java -jar "$exporter" redis --web.listen-address=127.0.0.1:9121 \
    --redis.addr=redis://127.0.0.1:6379
  target redis redis 127.0.0.1:9121
fi
start server "$root/vigil" server --config.file="$here/prometheus.yml" \
  --storage.tsdb.path="$run/data" --alertmanager.config.file="$here/alertmanager.yml" \
  --web.listen-address=127.0.0.1:9090 --web.enable-lifecycle

for _ in $(seq 1 120); do
  if curl -fs http://127.0.0.1:9090/-/ready >/dev/null 2>&1; then break; fi
  sleep 0.5
done
cat <<MSG

Vigil's stack is running (logs in $run/):
  UI ........... http://localhost:9090/graph   (try: job:http_requests:rate1m)
  Targets ...... http://localhost:9090/targets
  Alerts ....... http://localhost:9090/alerts
  Shop ......... http://localhost:8080/        metrics: http://localhost:8080/metrics
  Shop + agent . http://localhost:8081/        metrics: http://localhost:9464/metrics
  Host ......... http://localhost:9100/metrics

Make the shop fail and watch HighErrorRate reach the receiver below:
  curl -X POST 'http://localhost:8080/admin/payment?down=true'   (and ?down=false to recover)
Notifications print here. Ctrl-C stops everything.

MSG
wait
