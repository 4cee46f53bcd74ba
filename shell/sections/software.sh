# shellcheck shell=sh disable=SC2034,SC2154
# (SC2034/SC2154: globals are shared between the files sourced by signoff.)
# software.sh - generic checks on programs: a tool's version, the OS
# release, a command that must succeed in time.

# check_tool_version NAME MIN [--recommended VERSION] -- CMD ARG...
#   Runs CMD ARG... and takes the first version number in its output
#   (digits and dots, after an optional "v": "Docker version 24.0.7" ->
#   24.0.7, "Docker Compose version v2.20.2" -> 2.20.2).  Pass when it is
#   >= MIN compared numerically field by field (2.3 < 2.20); below
#   --recommended a warning.  CMD not on PATH: skip naming it.  CMD
#   failing: fail with its first line of output (the tool is there but
#   cannot answer: a missing plugin, a broken install).
check_tool_version() {
	tv_name='' tv_min='' tv_rec=''
	while [ "$#" -gt 0 ]; do
		case $1 in
		--) shift; break ;;
		--recommended)
			[ "$#" -ge 2 ] || { ck_badarg "--recommended needs a version"; return; }
			tv_rec=$2
			shift 2
			;;
		-*) ck_badarg "unknown option '$1'"; return ;;
		*)
			if [ -z "$tv_name" ]; then tv_name=$1
			elif [ -z "$tv_min" ]; then tv_min=$1
			else ck_badarg "unexpected '$1' (NAME MIN [--recommended V] -- CMD ARG...)"; return
			fi
			shift
			;;
		esac
	done
	{ [ -n "$tv_min" ] && [ "$#" -gt 0 ]; } || { ck_badarg "expected NAME MIN [--recommended V] -- CMD ARG..."; return; }
	is_version "$tv_min" || { ck_badarg "MIN must be a version like 24.0, got '$tv_min'"; return; }
	[ -z "$tv_rec" ] || is_version "$tv_rec" || { ck_badarg "--recommended must be a version, got '$tv_rec'"; return; }
	ck_tool "$1" || return 0
	tv_rc=0
	tv_out=$("$@" 2>&1) || tv_rc=$?
	ck_first_line "$tv_out"
	if [ "$tv_rc" != 0 ]; then
		rec fail "$tv_name" "'$*' failed (status $tv_rc): $FIRST" "command=$*" "exit_status=$tv_rc"
		return
	fi
	tv_ver=$(printf '%s\n' "$tv_out" | sed -n 's/^[^0-9]*\([0-9][0-9]*\(\.[0-9][0-9]*\)\{1,7\}\).*/\1/p' | head -n 1)
	if [ -z "$tv_ver" ]; then
		rec error "$tv_name" "no version number in the output of '$*': $FIRST" "command=$*"
		return
	fi
	if ! ver_ge "$tv_ver" "$tv_min"; then
		rec fail "$tv_name" "$tv_name $tv_ver, at least $tv_min required" "version=$tv_ver" "required=$tv_min" "command=$*"
	elif [ -n "$tv_rec" ] && ! ver_ge "$tv_ver" "$tv_rec"; then
		rec warn "$tv_name" "$tv_name $tv_ver, at least $tv_min required, $tv_rec or newer recommended" \
			"version=$tv_ver" "required=$tv_min" "recommended=$tv_rec" "command=$*"
	else
		rec pass "$tv_name" "$tv_name $tv_ver, at least $tv_min required" "version=$tv_ver" "required=$tv_min" "command=$*"
	fi
}

# check_os_release ID:MIN...: the host runs one of the listed distributions
# (os-release ID) at VERSION_ID >= MIN, e.g. `ubuntu:22.04 debian:12`.
# Reads $SIGNOFF_ETC/os-release, else /usr/lib/os-release.
check_os_release() {
	[ "$#" -gt 0 ] || { ck_badarg "expected ID:MIN_VERSION..."; return; }
	for os_a in "$@"; do
		case $os_a in
		[a-z]*:[0-9]*) is_version "${os_a#*:}" || { ck_badarg "bad version in '$os_a'"; return; } ;;
		*) ck_badarg "expected ID:MIN_VERSION, got '$os_a'"; return ;;
		esac
	done
	os_file=${SIGNOFF_ETC:-/etc}/os-release
	[ -r "$os_file" ] || os_file=/usr/lib/os-release
	if [ ! -r "$os_file" ]; then
		rec_missing os-release "cannot read ${SIGNOFF_ETC:-/etc}/os-release or /usr/lib/os-release"
		return
	fi
	os_id='' os_ver='' os_name=''
	while IFS= read -r os_l; do
		os_v=${os_l#*=}
		os_v=${os_v#\"}
		os_v=${os_v%\"}
		case $os_l in
		ID=*) os_id=$os_v ;;
		VERSION_ID=*) os_ver=$os_v ;;
		PRETTY_NAME=*) os_name=$os_v ;;
		esac
	done <"$os_file"
	os_want=
	for os_a in "$@"; do
		os_want="${os_want:+$os_want, }${os_a%%:*} >= ${os_a#*:}"
		[ "${os_a%%:*}" = "$os_id" ] || continue
		if is_version "$os_ver" && ver_ge "$os_ver" "${os_a#*:}"; then
			rec pass "$os_id $os_ver" "${os_name:-$os_id $os_ver}: supported ($os_want)" \
				"id=$os_id" "version_id=$os_ver" "source=$os_file"
		else
			rec fail "$os_id $os_ver" "${os_name:-$os_id $os_ver}: too old, $os_want required" \
				"id=$os_id" "version_id=$os_ver" "source=$os_file"
		fi
		return
	done
	rec fail "${os_id:-unknown}" "${os_name:-${os_id:-an unnamed OS}} is not a supported release ($os_want)" \
		"id=$os_id" "version_id=$os_ver" "source=$os_file"
}

# check_command_ok SECONDS [--unless-offline] -- CMD ARG...: CMD exits 0
# within SECONDS.  A CMD given as a path that does not exist is a failure
# (the script the checklist relies on is missing); a CMD looked up on
# PATH and not found is a skip naming it.  --unless-offline: a policy with
# `offline = yes` gets a skip (no Internet on purpose).
check_command_ok() {
	co_t='' co_off=
	while [ "$#" -gt 0 ]; do
		case $1 in
		--) shift; break ;;
		--unless-offline) co_off=1; shift ;;
		-*) ck_badarg "unknown option '$1'"; return ;;
		*)
			[ -z "$co_t" ] || { ck_badarg "unexpected '$1' (SECONDS [--unless-offline] -- CMD ARG...)"; return; }
			co_t=$1
			shift
			;;
		esac
	done
	{ is_uint "$co_t" && [ "$co_t" -ge 1 ] && [ "$#" -gt 0 ]; } ||
		{ ck_badarg "expected SECONDS [--unless-offline] -- CMD ARG..."; return; }
	if [ -n "$co_off" ] && [ "${POL_OFFLINE:-no}" = yes ]; then
		rec skip "$1" "the policy says this host is offline (offline = yes): not tried" "offline=yes"
		return
	fi
	case $1 in
	*/*)
		if [ ! -e "$1" ]; then
			rec fail "$1" "$1 does not exist" "command=$*"
			return
		fi
		;;
	*) ck_tool "$1" || return 0 ;;
	esac
	now_ms
	co_t0=$NOW_MS
	co_rc=0
	co_out=$(timeout -k 1 "$co_t" "$@" 2>&1) || co_rc=$?
	now_ms
	co_ms=$((NOW_MS - co_t0))
	ck_first_line "$co_out"
	case $co_rc in
	0) rec pass "$1" "'$*' succeeded in $co_ms ms (limit $co_t s)" "command=$*" "elapsed_ms=$co_ms" ;;
	124 | 137) rec fail "$1" "'$*' did not finish within $co_t s" "command=$*" "timeout_s=$co_t" ;;
	*) rec fail "$1" "'$*' failed with status $co_rc${FIRST:+: $FIRST}" "command=$*" "exit_status=$co_rc" "elapsed_ms=$co_ms" ;;
	esac
}
