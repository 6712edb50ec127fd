#!/usr/bin/env bash
# HTTP/3 on loopback, Roadrunner (the Demo) beside Debian's ngtcp2 server (gtlsserver), both serving the same files
# with the same certificate, both measured with the same client (gtlsclient). The server runs on CPU 0 and the client
# on CPU 1; servers alternate run by run; the median of the runs is reported.
#
#   bash Roadrunner.Benchmarks/scripts/h3-compare.sh [runs] [requests]
#
# Reports, per server: 10 MB download time and MB/s (one connection, one stream, the file checked by SHA-256), and the
# request rate of `requests` GETs of a 13-byte file over one connection (gtlsclient keeps as many streams open as the
# server allows).
set -euo pipefail
runs=${1:-5}
requests=${2:-5000}
here=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/rr-h3-compare.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

for tool in gtlsclient gtlsserver openssl taskset; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "needs $tool (apt-get install ngtcp2-client ngtcp2-server openssl util-linux)"; exit 2; }
done
gtlsserver=$(command -v gtlsserver || echo /usr/sbin/gtlsserver)

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" \
  -days 2 -subj /CN=localhost -addext "subjectAltName=IP:127.0.0.1" 2>/dev/null
mkdir -p "$work/htdocs" "$work/dl"
printf 'Hello, world!' > "$work/htdocs/hello.txt"
head -c 10485760 /dev/urandom > "$work/htdocs/10mb.bin"
want=$(sha256sum < "$work/htdocs/10mb.bin" | cut -d' ' -f1)

dotnet build -c Release "$here/Roadrunner.Demo" -v q -nologo >/dev/null
rr_port=24433; ng_port=24434
taskset -c 0 dotnet "$here/Roadrunner.Demo/bin/Release/net10.0/Roadrunner.Demo.dll" --port 0 --tls-port $rr_port \
  --cert "$work/cert.pem" --key "$work/key.pem" --root "$work/htdocs" > "$work/demo.log" 2>&1 &
taskset -c 0 "$gtlsserver" -q -d "$work/htdocs" 127.0.0.1 $ng_port "$work/key.pem" "$work/cert.pem" > "$work/ngtcp2.log" 2>&1 &
until grep -q https "$work/demo.log" 2>/dev/null; do sleep 0.2; done

# url_of SERVER FILE
url_of() { if [ "$1" = roadrunner ]; then echo "https://127.0.0.1:$rr_port/static/$2"; else echo "https://127.0.0.1:$ng_port/$2"; fi; }
port_of() { if [ "$1" = roadrunner ]; then echo $rr_port; else echo $ng_port; fi; }

# seconds for one gtlsclient run
timed() {
  local start end
  start=$(date +%s.%N)
  timeout 120 taskset -c 1 gtlsclient -q --exit-on-all-streams-close "$@" > /dev/null 2>&1
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { print b - a }'
}

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A download rate
for server in roadrunner ngtcp2; do download[$server]=""; rate[$server]=""; done
for ((i = 1; i <= runs; i++)); do
  for server in roadrunner ngtcp2; do
    rm -f "$work/dl/"*
    s=$(timed --download="$work/dl" 127.0.0.1 "$(port_of $server)" "$(url_of $server 10mb.bin)")
    got=$(sha256sum < "$work/dl/10mb.bin" | cut -d' ' -f1)
    [ "$got" = "$want" ] || { echo "$server: 10 MB download differs"; exit 1; }
    download[$server]+="$s"$'\n'
    s=$(timed -n "$requests" 127.0.0.1 "$(port_of $server)" "$(url_of $server hello.txt)")
    rate[$server]+="$s"$'\n'
  done
done

printf '%-12s %14s %10s %16s\n' server "10 MB (s)" "MB/s" "req/s (n=$requests)"
for server in roadrunner ngtcp2; do
  d=$(printf '%s' "${download[$server]}" | median)
  r=$(printf '%s' "${rate[$server]}" | median)
  printf '%-12s %14.3f %10.1f %16.0f\n' "$server" "$d" "$(awk -v d="$d" 'BEGIN { print 10.48576 / d }')" "$(awk -v n="$requests" -v r="$r" 'BEGIN { print n / r }')"
done
