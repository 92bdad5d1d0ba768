#!/bin/sh
# bench/wordcount.sh [OUTDIR] - the word count through zvm-job against the
# same programs built natively and connected with pipes.
#
# Both runs use the corpus of examples/wordcount (build/wordcount/corpus:
# 8 files of 512 KiB; WC_CORPUS names another directory of part-*.txt) and
# the same topology: 8 mappers, 3 reducers, 1 merger.
# zvm: `zvm-job examples/wordcount/wordcount.json` (12 zerovm sessions on TCP
# channels with etags, the name service, the report). native: the programs of
# build/examples/wordcount/native/, started together, each with WC_DEV naming
# a directory whose in/ and out/ entries are links to named pipes (mkfifo)
# and whose input/output are the same files. Wall time from start to the
# last exit; the median of WC_REPS runs (default 7) of each, alternated.
# Writes OUTDIR/parts/wordcount.json (default build/bench):
#   wordcount_zvm_s, wordcount_native_s, wordcount_ratio (goal <= 1.2)
# and checks that both runs counted the same words. WC_ONLY=native: one
# native run alone, its counts left in build/bench/wordcount/native.counts
# (bench/swift.sh's baseline).
cd "$(dirname "$0")/.." || exit 2
ZVM_BUILD=${ZVM_BUILD:-$(pwd)/build}
ZVM_BIN=${ZVM_BIN:-$ZVM_BUILD/bin}
out=${1:-$ZVM_BUILD/bench}
reps=${WC_REPS:-7}
C=${WC_CORPUS:-$ZVM_BUILD/wordcount/corpus}
N=$ZVM_BUILD/examples/wordcount/native
W=$ZVM_BUILD/bench/wordcount
for f in "$C/.stamp" "$N/mapper" "$ZVM_BIN/zvm-job" "$ZVM_BUILD/examples/wordcount/mapper.nexe"; do
	[ -e "$f" ] || { echo "bench/wordcount: $f is not built (make all)" >&2; exit 1; }
done
rm -rf "$W"
mkdir -p "$W" "$out/parts" || exit 2
R=3
maps=$(cd "$C" && ls part-*.txt)
nmaps=$(echo "$maps" | wc -l)

# The zvm job, with its output in the bench directory.
sed -e "s|\"build/|\"$ZVM_BUILD/|g" -e "s|$ZVM_BUILD/wordcount/counts.txt|$W/zvm.counts|" \
	-e "s|$ZVM_BUILD/wordcount/corpus/|$C/|" examples/wordcount/wordcount.json >"$W/wordcount.json"

# The native tree: DEV/<instance>/{in,out}/<peer> -> pipes, input, output.
setup_native() {
	rm -rf "$W/native"
	mkdir -p "$W/native/fifo"
	i=0
	for m in $maps; do
		i=$((i + 1))
		mkdir -p "$W/native/map-$i/out"
		ln -s "$C/$m" "$W/native/map-$i/input"
	done
	for r in $(seq 1 $R); do
		mkdir -p "$W/native/reduce-$r/in" "$W/native/reduce-$r/out"
		for i in $(seq 1 "$nmaps"); do
			p=$W/native/fifo/map-$i.reduce-$r
			mkfifo "$p"
			ln -s "$p" "$W/native/map-$i/out/reduce-$r"
			ln -s "$p" "$W/native/reduce-$r/in/map-$i"
		done
		p=$W/native/fifo/reduce-$r.merge
		mkfifo "$p"
		mkdir -p "$W/native/merge/in"
		ln -s "$p" "$W/native/reduce-$r/out/merge"
		ln -s "$p" "$W/native/merge/in/reduce-$r"
	done
	ln -s "$W/native.counts" "$W/native/merge/output"
	: >"$W/native.counts"
}

run_native() {
	pids=""
	for i in $(seq 1 "$nmaps"); do
		WC_DEV=$W/native/map-$i "$N/mapper" &
		pids="$pids $!"
	done
	for r in $(seq 1 $R); do
		WC_DEV=$W/native/reduce-$r "$N/reducer" &
		pids="$pids $!"
	done
	WC_DEV=$W/native/merge "$N/merger" >"$W/native.top" &
	pids="$pids $!"
	st=0
	for p in $pids; do wait "$p" || st=1; done
	return $st
}

run_zvm() {
	"$ZVM_BIN/zvm-job" "$W/wordcount.json" --workdir "$W/zvm.work" -q >"$W/zvm.top"
}

now() { date +%s.%N; }
if [ "${WC_ONLY:-}" = native ]; then
	setup_native
	run_native || { echo "bench/wordcount: the native run failed" >&2; exit 1; }
	exit 0
fi
: >"$W/zvm.times"
: >"$W/native.times"
for k in $(seq 1 "$reps"); do
	setup_native
	t0=$(now)
	run_native || { echo "bench/wordcount: the native run failed" >&2; exit 1; }
	t1=$(now)
	run_zvm || { echo "bench/wordcount: the zvm-job run failed" >&2; exit 1; }
	t2=$(now)
	echo "$t1 - $t0" | bc >>"$W/native.times"
	echo "$t2 - $t1" | bc >>"$W/zvm.times"
done
if ! cmp -s "$W/zvm.counts" "$W/native.counts" || ! cmp -s "$W/zvm.top" "$W/native.top"; then
	echo "bench/wordcount: the zvm and native runs counted differently" >&2
	exit 1
fi
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
zs=$(median "$W/zvm.times")
ns=$(median "$W/native.times")
ratio=$(echo "scale=3; $zs / $ns" | bc)
printf 'wordcount (%s files, %s KiB, %s mappers -> %s reducers -> 1 merger), median of %s:\n' \
	"$nmaps" "$(du -k -c "$C"/part-*.txt | tail -1 | cut -f1)" "$nmaps" "$R" "$reps"
printf '  zvm-job %.3f s   native with pipes %.3f s   ratio %.2f (goal <= 1.2)\n' "$zs" "$ns" "$ratio"
printf '{\n  "wordcount_zvm_s": %.4f,\n  "wordcount_native_s": %.4f,\n  "wordcount_ratio": %.3f\n}\n' \
	"$zs" "$ns" "$ratio" >"$out/parts/wordcount.json"
