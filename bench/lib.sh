# Helpers shared by the bench scripts: source "$HERE/../lib.sh".
CLK_TCK=$(getconf CLK_TCK)
log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
# A port free on 127.0.0.1 right now (another process could still take it before use).
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# Resident memory of a process, bytes.
rss() { awk '/^VmRSS:/ {print $2 * 1024}' "/proc/$1/status"; }
# User + system CPU seconds of a process since it started.
cpu() { sed 's/^.*) //' "/proc/$1/stat" | awk -v hz="$CLK_TCK" '{printf "%.2f\n", ($12 + $13) / hz}'; }
# The JVM options the launcher (./vigil) gives the server by default, read from it so the
# benchmarks run the server as users do; they add a heap limit in front.
launcher_opts() { sed -n 's/^server_opts=\${VIGIL_JAVA_OPTS-\(.*\)}$/\1/p' "$(dirname "${BASH_SOURCE[0]}")/../vigil"; }
