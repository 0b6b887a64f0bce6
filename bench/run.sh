#!/usr/bin/env bash
# Time logstat against the tools it must beat, on a generated access log.
#
#   bench/run.sh           speed: logstat, logstat -o json, -j 1, mawk, zcat,
#                          logstat on gzip, goaccess, logswan; alternated
#                          over ROUNDS rounds; medians and the target ratios
#   bench/run.sh short     speed on short lines: the Common Log Format (about
#                          103 bytes a line, as the NASA log; per-line costs
#                          dominate), same commands and ratios
#   bench/run.sh memory    logstat's peak RSS on LINES and 5×LINES lines with
#                          a distinct path and client on every line
#
# Environment:
#   LINES=1000000    lines in the log (memory mode: the small log)
#   ROUNDS=5         timed runs of each command
#   SEED=1           loggen seed
#   BENCH_INSTALL=1  apt-get install mawk, goaccess and logswan first
#   SKIP="goaccess"  commands to leave out, by id: logstat logstat_json
#                    logstat_j1 mawk zcat logstat_gz goaccess logswan
#   KEEP=1           keep the temporary directory (logs, binaries, raw times)
#
# Wall time comes from bash's EPOCHREALTIME around each run, peak RSS from
# GNU time (/usr/bin/time -f '%e %M'); without GNU time, bash's `time` gives
# the wall time and RSS is not reported. The page cache is warmed first.
set -euo pipefail
export LC_ALL=C

usage() {
	sed -n '2,/^set -e/{/^set -e/d;s/^# \{0,1\}//;p}' "$0"
}

mode=${1:-speed}
FORMAT=combined
MAWK_TARGET=0.5
case $mode in
speed | memory) ;;
short)
	FORMAT=common
	MAWK_TARGET=0.4
	mode=speed
	;;
-h | --help | help)
	usage
	exit 0
	;;
*)
	usage >&2
	exit 2
	;;
esac

LINES=${LINES:-1000000}
ROUNDS=${ROUNDS:-5}
SEED=${SEED:-1}
SKIP=${SKIP:-}
[[ $LINES =~ ^[1-9][0-9]*$ ]] || { echo "LINES must be a positive integer" >&2; exit 2; }
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || { echo "ROUNDS must be a positive integer" >&2; exit 2; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/logstat-bench.XXXXXX")
cleanup() {
	if [[ -n ${KEEP:-} ]]; then
		echo "kept $work" >&2
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT

log() { echo "bench: $*" >&2; }

gnutime=""
if [[ -x /usr/bin/time ]] && /usr/bin/time -f '%e %M' -o /dev/null true 2>/dev/null; then
	gnutime=/usr/bin/time
else
	log "GNU time not found: wall times from bash, no peak RSS"
fi

# --- build -------------------------------------------------------------------

log "building logstat and loggen in $work"
(cd "$root" && go build -o "$work/logstat" ./cmd/logstat && go build -o "$work/loggen" ./bench/loggen)
LOGSTAT=$work/logstat

# --- peers -------------------------------------------------------------------

if [[ ${BENCH_INSTALL:-} == 1 ]]; then
	sudo=()
	if [[ $(id -u) != 0 ]]; then
		if command -v sudo >/dev/null; then sudo=(sudo -n); else log "BENCH_INSTALL: not root and no sudo"; fi
	fi
	log "BENCH_INSTALL=1: apt-get update, then install mawk goaccess logswan (output in $work/apt.log)"
	if "${sudo[@]}" apt-get update -qq >"$work/apt.log" 2>&1; then
		for p in mawk goaccess logswan; do
			command -v "$p" >/dev/null && continue
			if DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$p" >>"$work/apt.log" 2>&1; then
				log "installed $p"
			else
				log "could not install $p (it will be skipped):"
				tail -n3 "$work/apt.log" | sed 's/^/    /' >&2
			fi
		done
	else
		log "apt-get update failed (peers not installed):"
		tail -n3 "$work/apt.log" | sed 's/^/    /' >&2
	fi
fi

# --- machine -----------------------------------------------------------------

machine() {
	echo "date:     $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "machine:  $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //'), $(uname -sr)"
	echo "memory:   $(free -h | awk '/^Mem:/{print $2 " total, " $7 " available"}')"
	echo "go:       $(go version | awk '{print $3}')"
	echo "logstat:  $(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)"
	echo "load:     $load_before before the rounds, $(cut -d' ' -f1-3 /proc/loadavg) after (1/5/15 min)"
}

# busy: warns when other processes compete for the CPUs (the wall times are
# then unreliable; the cpu column much less so).
busy() {
	load_before=$(cut -d' ' -f1-3 /proc/loadavg)
	awk -v l="${load_before%% *}" -v n="$(nproc)" 'BEGIN{exit !(l > n / 2)}' &&
		log "warning: load average $load_before on $(nproc) CPUs: other processes compete, wall times will be noisy"
	return 0
}

# --- measuring ---------------------------------------------------------------

# run_once ID: runs the command in array cmd_ID once, stdout to /dev/null, and
# appends "wall_seconds rss_kb cpu_seconds" to $work/ID.times (rss and cpu
# "-" when unknown). Returns the command's exit status.
run_once() {
	local id=$1 t0 t1 e rss us sy cpu=- status=0
	local -n argv="cmd_$id"
	if [[ -n $gnutime ]]; then
		t0=${EPOCHREALTIME:-}
		"$gnutime" -f '%e %M %U %S' -o "$work/time.out" "${argv[@]}" </dev/null >/dev/null 2>"$work/$id.err" || status=$?
		t1=${EPOCHREALTIME:-}
		read -r e rss us sy < <(tail -n1 "$work/time.out")
		cpu=$(awk -v u="$us" -v s="$sy" 'BEGIN{printf "%.2f", u + s}')
		if [[ -z $t0 ]]; then # bash < 5: GNU time's 10 ms resolution
			t1=$e
		fi
	else
		local TIMEFORMAT=%3R
		t0=
		{ time "${argv[@]}" </dev/null >/dev/null 2>"$work/$id.err" || status=$?; } 2>"$work/time.out"
		t1=$(tail -n1 "$work/time.out")
		rss=-
	fi
	if ((status != 0)); then
		log "$id failed (exit $status): ${argv[*]}"
		tail -n5 "$work/$id.err" | sed 's/^/    /' >&2
		return "$status"
	fi
	if [[ -n $t0 ]]; then
		awk -v a="$t0" -v b="$t1" -v r="$rss" -v c="$cpu" 'BEGIN{printf "%.4f %s %s\n", b - a, r, c}' >>"$work/$id.times"
	else
		echo "$t1 $rss $cpu" >>"$work/$id.times"
	fi
	tail -n1 "$work/$id.times"
}

# stats ID: prints "median min max_rss_mib median_cpu runs" of ID's runs, or
# nothing.
stats() {
	[[ -s $work/$1.times ]] || return 0
	local cpu
	cpu=$(awk '{print $3}' "$work/$1.times" | sort -g | median)
	sort -g "$work/$1.times" | awk -v cpu="$cpu" '
		{ t[NR] = $1; if ($2 != "-" && $2 + 0 > rss) rss = $2; if ($2 == "-") norss = 1 }
		END {
			med = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
			printf "%.3f %.3f %s %s %d\n", med, t[1], norss ? "-" : sprintf("%.1f", rss / 1024), cpu, NR
		}'
}

# median: the median of the sorted numbers on standard input ("-" if none).
median() {
	awk '$1 != "-" { v[++n] = $1 } END { if (!n) print "-"; else printf "%.2f\n", n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2 }'
}

# rounds ID...: ROUNDS rounds over the IDs, each round starting one further
# along so that no command always runs right after the same other one. A
# command that fails is dropped.
rounds() {
	local ids=("$@") n=$# r i j id out
	declare -A dead=()
	for ((r = 0; r < ROUNDS; r++)); do
		for ((i = 0; i < n; i++)); do
			j=$(((r + i) % n))
			id=${ids[j]}
			[[ -n ${dead[$id]:-} ]] && continue
			if out=$(run_once "$id"); then
				log "round $((r + 1))/$ROUNDS  $(printf '%-12s' "$id") $out"
			else
				dead[$id]=1
			fi
		done
	done
}

skipped() { [[ " $SKIP " == *" $1 "* ]]; }

# --- speed -------------------------------------------------------------------

# The cmd_ID and label_ID variables are read through namerefs.
# shellcheck disable=SC2034,SC2016
speed() {
	local file=$work/access.log gz=$work/access.log.gz
	log "generating $LINES $FORMAT lines (seed $SEED)"
	"$work/loggen" -n "$LINES" -format "$FORMAT" -seed "$SEED" >"$file"
	gzip -c "$file" >"$gz"

	# The commands, by id; label_ID is what the table shows.
	cmd_logstat=("$LOGSTAT" "$file")
	label_logstat="logstat FILE"
	cmd_logstat_json=("$LOGSTAT" -o json "$file")
	label_logstat_json="logstat -o json FILE"
	cmd_logstat_j1=("$LOGSTAT" -j 1 "$file")
	label_logstat_j1="logstat -j 1 FILE"
	cmd_mawk=(mawk '{c[$9]++} END{for(k in c)print k,c[k]}' "$file")
	label_mawk="mawk '{c[\$9]++}...' FILE"
	cmd_zcat=(zcat "$gz")
	label_zcat="zcat FILE.gz"
	cmd_logstat_gz=("$LOGSTAT" "$gz")
	label_logstat_gz="logstat FILE.gz"
	cmd_goaccess=(goaccess "$file" --no-global-config --log-format="${FORMAT^^}" -o "$work/goaccess.json")
	label_goaccess="goaccess FILE -o report.json"
	cmd_logswan=(logswan "$file")
	label_logswan="logswan FILE"

	local all=(logstat logstat_json logstat_j1 mawk zcat logstat_gz goaccess logswan) ids=() id bin
	local -A notes=()
	for id in "${all[@]}"; do
		local -n argv="cmd_$id"
		bin=${argv[0]}
		if skipped "$id"; then
			notes[$id]="skipped (SKIP)"
		elif ! command -v "$bin" >/dev/null; then
			notes[$id]="skipped: $bin is not installed (BENCH_INSTALL=1 tries apt-get)"
			log "${notes[$id]}"
		else
			ids+=("$id")
		fi
		unset -n argv
	done

	log "warming the page cache"
	cat "$file" "$gz" >/dev/null
	busy
	rounds "${ids[@]}"

	local size gzsize
	size=$(stat -c %s "$file")
	gzsize=$(stat -c %s "$gz")
	echo "logstat benchmark: speed"
	machine
	printf 'log:      %d lines, %s (loggen -seed %s), %.1f MB; gzip -c: %.1f MB\n' \
		"$LINES" "$FORMAT" "$SEED" "$(bc_div "$size" 1000000)" "$(bc_div "$gzsize" 1000000)"
	echo "rounds:   $ROUNDS, alternated; warm page cache; stdout to /dev/null; cpu = user + sys"
	echo
	printf '%-30s %9s %9s %10s %12s %5s\n' command "median s" "min s" "cpu s" "max RSS MiB" runs
	local -A med=() medcpu=() minwall=()
	for id in "${all[@]}"; do
		local -n label="label_$id"
		local s
		s=$(stats "$id")
		if [[ -n $s ]]; then
			local m mn rss cpu n
			read -r m mn rss cpu n <<<"$s"
			med[$id]=$m
			medcpu[$id]=$cpu
			minwall[$id]=$mn
			printf '%-30s %9s %9s %10s %12s %5s\n' "$label" "$m" "$mn" "$cpu" "$rss" "$n"
		elif [[ -n ${notes[$id]:-} ]]; then
			printf '%-30s %s\n' "$label" "${notes[$id]}"
		else
			printf '%-30s %s\n' "$label" "failed (see above)"
		fi
		unset -n label
	done
	echo
	printf '%-22s %8s %8s %8s   %s\n' ratio median min cpu "target (on the median)"
	ratio "logstat / mawk" logstat mawk "<=" "$MAWK_TARGET" 0.25
	ratio "goaccess / logstat" goaccess logstat ">=" 100
	ratio "logstat.gz / zcat" logstat_gz zcat "<=" 0.8
	ratio "logstat json / text" logstat_json logstat "" ""
	ratio "logstat -j 1 / mawk" logstat_j1 mawk "" ""
	if [[ -n ${med[logstat]:-} ]]; then
		printf 'logstat throughput: %.2f M lines/s, %.0f MB/s\n' \
			"$(bc_div "$LINES" "$(bc_mul "${med[logstat]}" 1000000)")" \
			"$(bc_div "$size" "$(bc_mul "${med[logstat]}" 1000000)")"
	fi
}

bc_div() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.6f", b ? a / b : 0}'; }
bc_mul() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.6f", a * b}'; }

# ratio LABEL A B OP TARGET [STRETCH]: prints A/B of the median and of the
# fastest wall times and of the median cpu times, and judges the median
# ratio against the target.
ratio() {
	local label=$1 a=${med[$2]:-} b=${med[$3]:-} op=$4 target=$5 stretch=${6:-}
	local ca=${medcpu[$2]:--} cb=${medcpu[$3]:--} ma=${minwall[$2]:-} mb=${minwall[$3]:-}
	if [[ -z $a || -z $b ]]; then
		printf '%-22s %8s %8s %8s   %s\n' "$label" "n/a" "n/a" "n/a" "(not measured)"
		return
	fi
	awk -v l="$label" -v a="$a" -v b="$b" -v ma="$ma" -v mb="$mb" -v ca="$ca" -v cb="$cb" -v op="$op" -v t="$target" -v s="$stretch" 'BEGIN {
		r = b > 0 ? a / b : 0
		m = mb > 0 ? ma / mb : 0
		c = ca == "-" || cb == "-" || cb == 0 ? "-" : sprintf("%.2f", ca / cb)
		if (op == "") { printf "%-22s %8.2f %8.2f %8s   (information)\n", l, r, m, c; exit }
		ok = op == "<=" ? r <= t : r >= t
		msg = sprintf("%s %s", op == "<=" ? "≤" : "≥", t)
		if (s != "") msg = msg sprintf(", stretch ≤ %s", s)
		verdict = ok ? "PASS" : "FAIL"
		if (ok && s != "" && r <= s) verdict = "PASS (stretch too)"
		printf "%-22s %8.2f %8.2f %8s   target %s: %s\n", l, r, m, c, msg, verdict
	}'
}

# --- memory ------------------------------------------------------------------

memory() {
	if [[ -z $gnutime ]]; then
		echo "memory mode needs GNU time (/usr/bin/time) for the peak RSS" >&2
		exit 1
	fi
	local big=$((LINES * 5)) n id
	for n in "$LINES" "$big"; do
		log "generating $n combined lines, every path and client distinct"
		"$work/loggen" -n "$n" -format combined -seed "$SEED" -distinct >"$work/distinct-$n.log"
		declare -g -a "cmd_m$n"
		local -n argv="cmd_m$n"
		argv=("$LOGSTAT" "$work/distinct-$n.log")
		unset -n argv
	done
	log "warming the page cache"
	cat "$work/distinct-$LINES.log" "$work/distinct-$big.log" >/dev/null
	busy
	rounds "m$LINES" "m$big"

	echo "logstat benchmark: memory"
	machine
	echo "logs:     $LINES and $big lines, combined, loggen -distinct (every path and client unique)"
	echo "rounds:   $ROUNDS, alternated; peak RSS by GNU time; cpu = user + sys"
	echo
	printf '%-42s %9s %9s %10s %12s %5s\n' command "median s" "min s" "cpu s" "max RSS MiB" runs
	local -A rss=()
	for n in "$LINES" "$big"; do
		local s m mn r c k
		s=$(stats "m$n")
		[[ -n $s ]] || { printf '%-42s failed\n' "logstat $n-line log"; continue; }
		read -r m mn r c k <<<"$s"
		rss[$n]=$r
		printf '%-42s %9s %9s %10s %12s %5s\n' "logstat FILE, $n lines ($(($(stat -c %s "$work/distinct-$n.log") / 1000000)) MB)" "$m" "$mn" "$c" "$r" "$k"
	done
	echo
	for n in "$LINES" "$big"; do
		[[ -n ${rss[$n]:-} ]] || continue
		awk -v n="$n" -v r="${rss[$n]}" 'BEGIN{printf "peak RSS %d lines: %8.1f MiB   target ≤ 64 MiB: %s\n", n, r, r <= 64 ? "PASS" : "FAIL"}'
	done
	if [[ -n ${rss[$LINES]:-} && -n ${rss[$big]:-} ]]; then
		awk -v a="${rss[$big]}" -v b="${rss[$LINES]}" 'BEGIN{r = a / b; printf "RSS 5x / 1x:  %8.2f       target ≤ 1.1: %s\n", r, r <= 1.1 ? "PASS" : "FAIL"}'
	fi
}

"$mode"
