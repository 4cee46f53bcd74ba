# shellcheck shell=sh disable=SC2034,SC2154
# (SC2034/SC2154: globals are shared between the files sourced by signoff.)
# hardware.sh - checklist section "hardware": CPU cores, memory, free disk.
#
# Each check_* function emits records through rec/rec_missing
# (lib/records.sh) and nothing else.  Messages state the measured and the
# expected value.  Data that cannot be read is an error record (a skip when
# the item is optional), never a pass.
#
# SIGNOFF_PROC (default /proc) lets the tests point the checks at fixtures.

# hw_min NAME VALUE: HW_MIN = VALUE as a number, or 1 after an error record.
hw_min() {
	if is_uint "$2"; then
		uint_norm "$2"
		HW_MIN=$UINT
		return 0
	fi
	rec error "$ITEM_ID" "bad argument: $1 must be a whole number, got '$2'"
	return 1
}

# check_cpu_cores MIN [RECOMMENDED]: at least MIN online CPU cores (fail
# below); below RECOMMENDED a warning.
check_cpu_cores() {
	[ "$#" = 1 ] || [ "$#" = 2 ] || { rec error cpu "bad arguments: expected MIN [RECOMMENDED], got $# argument(s)"; return; }
	hw_rec_min=
	if [ "$#" = 2 ]; then
		hw_min RECOMMENDED "$2" || return 0
		hw_rec_min=$HW_MIN
	fi
	hw_min MIN "$1" || return 0
	hw_cpu_src='getconf _NPROCESSORS_ONLN'
	hw_cpus=$(getconf _NPROCESSORS_ONLN 2>/dev/null) || hw_cpus=
	if ! is_uint "$hw_cpus" || [ "$hw_cpus" -eq 0 ]; then
		hw_cpu_src=${SIGNOFF_PROC:-/proc}/cpuinfo
		hw_cpus=
		if [ -r "$hw_cpu_src" ]; then
			hw_cpus=$(grep -c '^processor[[:blank:]]*:' "$hw_cpu_src" 2>/dev/null) ||
				hw_cpus=
		fi
	fi
	if ! is_uint "${hw_cpus:-}" || [ "$hw_cpus" -eq 0 ]; then
		rec_missing cpu "cannot count the online CPU cores: getconf _NPROCESSORS_ONLN and ${SIGNOFF_PROC:-/proc}/cpuinfo gave no count"
		return
	fi
	hw_msg="$hw_cpus online CPU cores, at least $HW_MIN required"
	if [ "$hw_cpus" -lt "$HW_MIN" ]; then
		hw_status=fail
	elif [ -n "$hw_rec_min" ] && [ "$hw_cpus" -lt "$hw_rec_min" ]; then
		hw_status=warn hw_msg="$hw_msg, $hw_rec_min or more recommended"
	else
		hw_status=pass
		[ -z "$hw_rec_min" ] || hw_msg="$hw_msg ($hw_rec_min recommended)"
	fi
	rec "$hw_status" cpu "$hw_msg" \
		"measured=$hw_cpus" "required=$HW_MIN" ${hw_rec_min:+"recommended=$hw_rec_min"} "source=$hw_cpu_src"
}

# check_memory MIN_MIB: MemTotal of at least MIN_MIB MiB.
check_memory() {
	[ "$#" = 1 ] || { rec error memory "bad arguments: expected MIN_MIB, got $# argument(s)"; return; }
	hw_min MIN_MIB "$1" || return 0
	hw_meminfo=${SIGNOFF_PROC:-/proc}/meminfo
	hw_kib=
	if [ -r "$hw_meminfo" ]; then
		while read -r hw_key hw_val hw_unit; do
			if [ "$hw_key" = MemTotal: ] && [ "$hw_unit" = kB ]; then
				hw_kib=$hw_val
				break
			fi
		done <"$hw_meminfo"
	fi
	if ! is_uint "$hw_kib"; then
		rec_missing memory "cannot read MemTotal from $hw_meminfo"
		return
	fi
	hw_mib=$((hw_kib / 1024))
	if [ "$hw_mib" -ge "$HW_MIN" ]; then
		hw_status=pass
	else
		hw_status=fail
	fi
	rec "$hw_status" memory "$hw_mib MiB of memory (MemTotal), at least $HW_MIN MiB required" \
		"measured_mib=$hw_mib" "required_mib=$HW_MIN"
}

# check_disk_free PATH MIN_PERCENT: the filesystem holding PATH has at least
# MIN_PERCENT % available (available / (used + available), as df computes).
check_disk_free() {
	[ "$#" = 2 ] || { rec error disk "bad arguments: expected PATH MIN_PERCENT, got $# argument(s)"; return; }
	hw_path=$1
	hw_min MIN_PERCENT "$2" || return 0
	if [ "$HW_MIN" -gt 100 ]; then
		rec error "$hw_path" "bad argument: MIN_PERCENT must be 0..100, got $HW_MIN"
		return
	fi
	if [ ! -e "$hw_path" ]; then
		rec_missing "$hw_path" "$hw_path does not exist"
		return
	fi
	# Fields of `df -P`: filesystem, size, used, available, capacity, mount.
	# A filesystem name may contain blanks, so look for the numbers.
	hw_df=$(df -P -- "$hw_path" 2>/dev/null | awk 'NR == 2 {
		for (i = 5; i <= NF; i++)
			if ($i ~ /^[0-9]+%$/ && $(i-1) ~ /^[0-9]+$/ &&
			    $(i-2) ~ /^[0-9]+$/ && $(i-3) ~ /^[0-9]+$/) {
				print $(i-3), $(i-2), $(i-1); exit
			}
	}') || hw_df=
	hw_size=${hw_df%% *}
	hw_rest=${hw_df#* }
	hw_used=${hw_rest%% *}
	hw_avail=${hw_rest#* }
	if ! is_uint "$hw_size" || ! is_uint "$hw_used" || ! is_uint "$hw_avail"; then
		rec_missing "$hw_path" "cannot read the free space of $hw_path from df -P"
		return
	fi
	if [ "$((hw_used + hw_avail))" -eq 0 ]; then
		rec_missing "$hw_path" "the filesystem of $hw_path reports a size of 0"
		return
	fi
	hw_pct=$((hw_avail * 100 / (hw_used + hw_avail)))
	if [ "$hw_pct" -ge "$HW_MIN" ]; then
		hw_status=pass
	else
		hw_status=fail
	fi
	rec "$hw_status" "$hw_path" "$hw_pct% free ($((hw_avail / 1024)) MiB available of $(((hw_used + hw_avail) / 1024)) MiB usable, filesystem size $((hw_size / 1024)) MiB), at least $HW_MIN% required" \
		"free_percent=$hw_pct" "required_percent=$HW_MIN" "available_kib=$hw_avail" "size_kib=$hw_size"
}

# check_memory_installed MIN_GIB [RECOMMENDED_GIB]: installed memory of at
# least MIN_GIB GiB (fail below), RECOMMENDED_GIB recommended (warn below).
#
# MemTotal (/proc/meminfo, what `free` prints) is NOT the installed memory:
# it is what is left after the firmware's reserved ranges, the kernel image,
# the crash kernel and early allocations, typically 1.5 to 4 % less; a
# 32 GiB machine shows about 31.3 GiB, so the checklist's `free -h` test
# (>= 32Gi) fails on exactly the machine it asks for.  The installed
# amount is measured instead as the kernel's memory blocks that are online
# (/sys/devices/system/memory, what `lsmem` sums as "Total online
# memory"): it counts the kernel's own part too and comes out at the
# installed size rounded to the block size (128 MiB on x86_64).  Where
# that interface is missing (some VMs and containers), MemTotal is used
# with a 5 % allowance for what the firmware and kernel keep, and the
# record says so.
check_memory_installed() {
	[ "$#" = 1 ] || [ "$#" = 2 ] || { rec error memory "bad arguments: expected MIN_GIB [RECOMMENDED_GIB], got $# argument(s)"; return; }
	hw_rec_min=
	if [ "$#" = 2 ]; then
		hw_min RECOMMENDED_GIB "$2" || return 0
		hw_rec_min=$HW_MIN
	fi
	hw_min MIN_GIB "$1" || return 0
	hw_sysmem=${SIGNOFF_SYS:-/sys}/devices/system/memory
	hw_kib='' hw_src=''
	if [ -r "$hw_sysmem/block_size_bytes" ]; then
		read -r hw_bs <"$hw_sysmem/block_size_bytes" || hw_bs=
		hw_blocks=0
		for hw_st in "$hw_sysmem"/memory*/state; do
			[ -r "$hw_st" ] || continue
			read -r hw_s <"$hw_st" || hw_s=
			[ "$hw_s" = online ] && hw_blocks=$((hw_blocks + 1))
		done
		case $hw_bs in
		'' | *[!0-9a-fA-F]*) ;;
		*)
			if [ "$hw_blocks" -gt 0 ]; then
				hw_kib=$(($(printf '%d' "0x$hw_bs") * hw_blocks / 1024))
				hw_src="online memory blocks ($hw_sysmem, as lsmem)"
			fi
			;;
		esac
	fi
	hw_memtotal=
	if [ -r "${SIGNOFF_PROC:-/proc}/meminfo" ]; then
		while read -r hw_key hw_val hw_unit; do
			if [ "$hw_key" = MemTotal: ] && [ "$hw_unit" = kB ]; then
				hw_memtotal=$hw_val
				break
			fi
		done <"${SIGNOFF_PROC:-/proc}/meminfo"
	fi
	is_uint "$hw_memtotal" || hw_memtotal=
	if [ -z "$hw_kib" ]; then
		if [ -z "$hw_memtotal" ]; then
			rec_missing memory "cannot measure the memory: neither $hw_sysmem nor MemTotal in ${SIGNOFF_PROC:-/proc}/meminfo is readable"
			return
		fi
		# MemTotal plus the 5 % the firmware and kernel typically keep.
		hw_kib=$((hw_memtotal + hw_memtotal / 20))
		hw_src="MemTotal + 5 % (no memory block information)"
	fi
	hw_need=$((HW_MIN * 1048576))
	ck_human_kib "$hw_kib"
	hw_msg="$HUMAN installed, at least $HW_MIN GiB required"
	if [ "$hw_kib" -lt "$hw_need" ]; then
		hw_status=fail
	elif [ -n "$hw_rec_min" ] && [ "$hw_kib" -lt "$((hw_rec_min * 1048576))" ]; then
		hw_status=warn hw_msg="$hw_msg, $hw_rec_min GiB or more recommended"
	else
		hw_status=pass
		[ -z "$hw_rec_min" ] || hw_msg="$hw_msg ($hw_rec_min GiB recommended)"
	fi
	[ -z "$hw_memtotal" ] || { ck_human_kib "$hw_memtotal"; hw_msg="$hw_msg; MemTotal $HUMAN"; }
	rec "$hw_status" memory "$hw_msg" "installed_kib=$hw_kib" "memtotal_kib=$hw_memtotal" \
		"required_gib=$HW_MIN" ${hw_rec_min:+"recommended_gib=$hw_rec_min"} "source=$hw_src"
}

# check_disk_avail PATH MIN [RECOMMENDED] [--nearest]: at least MIN
# available to unprivileged users on the filesystem holding PATH (df -P's
# "Available"), RECOMMENDED recommended (warn below).  Sizes take a binary
# suffix K M G T (GiB as df -h prints: the checklist's 500G).  --nearest:
# a PATH that does not exist yet is measured at its nearest existing
# parent, and the record says so (the backup directory before the first
# backup); without it a missing PATH is a failure.
check_disk_avail() {
	hw_path='' hw_minsz='' hw_recsz='' hw_nearest=
	for hw_a in "$@"; do
		case $hw_a in
		--nearest) hw_nearest=1 ;;
		-*) ck_badarg "unknown option '$hw_a' (PATH MIN [RECOMMENDED] [--nearest])"; return ;;
		*)
			if [ -z "$hw_path" ]; then hw_path=$hw_a
			elif [ -z "$hw_minsz" ]; then hw_minsz=$hw_a
			elif [ -z "$hw_recsz" ]; then hw_recsz=$hw_a
			else ck_badarg "unexpected '$hw_a' (PATH MIN [RECOMMENDED] [--nearest])"; return
			fi
			;;
		esac
	done
	[ -n "$hw_minsz" ] || { ck_badarg "expected PATH MIN [RECOMMENDED] [--nearest]"; return; }
	ck_size_kib "$hw_minsz" || { ck_badarg "MIN must be a size like 500G, got '$hw_minsz'"; return; }
	hw_need=$KIB hw_recneed=
	if [ -n "$hw_recsz" ]; then
		ck_size_kib "$hw_recsz" || { ck_badarg "RECOMMENDED must be a size like 1T, got '$hw_recsz'"; return; }
		hw_recneed=$KIB
	fi
	hw_at=$hw_path hw_note=
	if [ ! -e "$hw_path" ]; then
		if [ -z "$hw_nearest" ]; then
			rec fail "$hw_path" "$hw_path does not exist" "path=$hw_path"
			return
		fi
		while [ ! -e "$hw_at" ]; do
			hw_at=${hw_at%/*}
			[ -n "$hw_at" ] || hw_at=/
		done
		hw_note=" ($hw_path does not exist yet: measured at $hw_at)"
	fi
	hw_avail=$(df -P -k -- "$hw_at" 2>/dev/null | awk 'NR == 2 {
		for (i = 5; i <= NF; i++)
			if ($i ~ /^[0-9]+%$/ && $(i-1) ~ /^[0-9]+$/) { print $(i-1); exit }
	}') || hw_avail=
	if ! is_uint "$hw_avail"; then
		rec_missing "$hw_path" "cannot read the available space of $hw_at from df -P"
		return
	fi
	ck_human_kib "$hw_avail"
	hw_msg="$HUMAN available$hw_note, at least $hw_minsz required"
	if [ "$hw_avail" -lt "$hw_need" ]; then
		hw_status=fail
	elif [ -n "$hw_recneed" ] && [ "$hw_avail" -lt "$hw_recneed" ]; then
		hw_status=warn hw_msg="$hw_msg, $hw_recsz or more recommended"
	else
		hw_status=pass
		[ -z "$hw_recneed" ] || hw_msg="$hw_msg ($hw_recsz recommended)"
	fi
	rec "$hw_status" "$hw_path" "$hw_msg" "available_kib=$hw_avail" "required=$hw_minsz" \
		${hw_recsz:+"recommended=$hw_recsz"} "measured_at=$hw_at"
}

# args_NAME ARG...: the policy loader's check of an item's args (lib/policy.sh
# policy_args_check): silent and 0 when valid, else one line saying why.
args_cpu_cores() {
	[ "$#" = 1 ] || [ "$#" = 2 ] || { echo "expected MIN [RECOMMENDED], got $# argument(s)"; return 1; }
	for ac_v in "$@"; do
		is_uint "$ac_v" || { echo "MIN must be a whole number, got '$ac_v'"; return 1; }
	done
}

args_memory() {
	[ "$#" = 1 ] || { echo "expected MIN_MIB, got $# argument(s)"; return 1; }
	is_uint "$1" || { echo "MIN_MIB must be a whole number, got '$1'"; return 1; }
}

args_disk_free() {
	[ "$#" = 2 ] || { echo "expected PATH MIN_PERCENT, got $# argument(s)"; return 1; }
	is_uint "$2" || { echo "MIN_PERCENT must be a whole number, got '$2'"; return 1; }
	uint_norm "$2"
	[ "$UINT" -le 100 ] || { echo "MIN_PERCENT must be 0..100, got $2"; return 1; }
}
