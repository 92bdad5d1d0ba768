#!/bin/sh
# make swift-demo: the word count inside Swift, next to its data. Starts a
# loopback cluster (scripts/swift-dev.sh, 3 object servers) under
# build/swift-demo, uploads the programs and the 8-file corpus as objects,
# POSTs examples/swift/wordcount.json (a mapper per object, run on the
# object server that holds it; 3 reducers and a merger placed across the
# servers, joined by TCP channels through the proxy's name service), prints
# the top words and where each instance ran, and stops the cluster.
#   SWIFT_DEMO_PORT_BASE  the cluster's ports (default 16000..16030)
set -e
cd "$(dirname "$0")/.."
D=$(pwd)/build/swift-demo
B=${SWIFT_DEMO_PORT_BASE:-16000}
PY=/usr/bin/python3
trap 'sh scripts/swift-dev.sh stop "$D" 2>/dev/null || true' EXIT
rm -rf "$D"
echo "--- a loopback Swift: proxy :$B, object servers :$((B + 10)) :$((B + 20)) :$((B + 30))"
eval "$(sh scripts/swift-dev.sh start "$D" "$B" 2>"$D.start.log")"
SW() { "$PY" -m swiftclient.shell -q "$@"; }
SW post apps
SW post corpus
SW post results
for f in mapper reducer merger; do
	SW upload apps build/examples/wordcount/$f.nexe --object-name $f.nexe \
		--header 'Content-Type: application/x-nexe'
done
for f in build/wordcount/corpus/part-*.txt; do
	SW upload corpus "$f" --object-name "$(basename "$f")"
done
echo "--- uploaded: $(SW list corpus | wc -l) corpus objects, the programs validated on upload"
TOKEN=$(curl -s -D - -o /dev/null -H "X-Auth-User: $ST_USER" -H "X-Auth-Key: $ST_KEY" "$ST_AUTH" |
	tr -d '\r' | awk 'tolower($1)=="x-auth-token:"{print $2}')
echo "--- POST /v1/AUTH_test, X-Zerovm-Execute: 1.0, examples/swift/wordcount.json"
curl -s -D "$D/headers" -o "$D/body" -X POST -H "X-Auth-Token: $TOKEN" -H "X-Zerovm-Execute: 1.0" \
	-H "Content-Type: application/json" --data-binary @examples/swift/wordcount.json \
	"http://127.0.0.1:$B/v1/AUTH_test"
tr -d '\r' <"$D/headers" | head -1
cat "$D/body"
echo "--- where each instance ran (X-Nexe-System, X-Nexe-Server), and the object it read"
hdr() { tr -d '\r' <"$D/headers" | awk -v k="$1:" 'tolower($1)==tolower(k){sub(/^[^:]*: /,""); print}'; }
hdr X-Nexe-System | tr ',' '\n' >"$D/names"
hdr X-Nexe-Server | tr ',' '\n' >"$D/servers"
paste "$D/names" "$D/servers" | while read -r name server; do
	case $name in
	map-*) k=${name#map-}; obj=corpus/part-$(printf %02d "$k").txt ;;
	*) obj="(any server)" ;;
	esac
	printf '  %-10s %-16s %s\n' "$name" "$server" "$obj"
done
echo "--- the merged counts, stored as the object results/counts.txt ($(SW stat results counts.txt | awk '/Content Length/{print $3}') bytes)"
SW download results counts.txt -o - | sort -k2 -n -r | head -5
