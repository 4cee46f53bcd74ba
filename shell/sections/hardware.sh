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

# check_cpu_cores MIN: at least MIN online CPU cores.
check_cpu_cores() {
	[ "$#" = 1 ] || { rec error cpu "bad arguments: expected MIN, got $# argument(s)"; return; }
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
	if [ "$hw_cpus" -ge "$HW_MIN" ]; then
		hw_status=pass
	else
		hw_status=fail
	fi
	rec "$hw_status" cpu "$hw_cpus online CPU cores, at least $HW_MIN required" \
		"measured=$hw_cpus" "required=$HW_MIN" "source=$hw_cpu_src"
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

# args_NAME ARG...: the policy loader's check of an item's args (lib/policy.sh
# policy_args_check): silent and 0 when valid, else one line saying why.
args_cpu_cores() {
	[ "$#" = 1 ] || { echo "expected MIN, got $# argument(s)"; return 1; }
	is_uint "$1" || { echo "MIN must be a whole number, got '$1'"; return 1; }
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
