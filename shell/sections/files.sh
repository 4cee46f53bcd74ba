# shellcheck shell=sh disable=SC2034,SC2154
# (SC2034/SC2154: globals are shared between the files sourced by signoff.)
# files.sh - generic checks on files: a path's type, owner and mode; named
# files present; how many files match and are accepted by a validator;
# files readable; a document that states something; the newest entry of a
# directory young enough.  Symbolic links are never followed.

# check_path PATH [--type file|dir|socket] [--owner USER|UID]
#            [--group GROUP|GID] [--mode-max OCTAL] [--mode-has OCTAL]
#   PATH exists (a symlink is judged as itself: --type file rejects it)
#   and has the given type and owner; --mode-max: no permission bit
#   outside OCTAL (0755 = writable by the owner only), and no POSIX access
#   ACL (it could grant more than the bits show); --mode-has: every bit of
#   OCTAL set (0100 = executable by the owner).
check_path() {
	[ "$#" -ge 1 ] || { ck_badarg "expected PATH [--type T] [--owner U] [--group G] [--mode-max M] [--mode-has M]"; return; }
	cp_path=$1
	shift
	cp_type='' cp_owner='' cp_group='' cp_max='' cp_has=''
	while [ "$#" -gt 0 ]; do
		[ "$#" -ge 2 ] || { ck_badarg "option '$1' needs a value"; return; }
		case $1 in
		--type)
			case $2 in file | dir | socket) cp_type=$2 ;; *) ck_badarg "--type file, dir or socket, got '$2'"; return ;; esac ;;
		--owner) cp_owner=$2 ;;
		--group) cp_group=$2 ;;
		--mode-max | --mode-has)
			case $2 in
			[0-7][0-7][0-7] | [0-7][0-7][0-7][0-7]) ;;
			*) ck_badarg "$1 must be octal like 0755, got '$2'"; return ;;
			esac
			if [ "$1" = --mode-max ]; then cp_max=$2; else cp_has=$2; fi
			;;
		*) ck_badarg "unknown option '$1'"; return ;;
		esac
		shift 2
	done
	if [ ! -e "$cp_path" ] && [ ! -L "$cp_path" ]; then
		rec fail "$cp_path" "$cp_path does not exist" "path=$cp_path"
		return
	fi
	cp_st=$(stat -c '%F|%U|%u|%G|%g|%a' -- "$cp_path" 2>/dev/null) || {
		rec error "$cp_path" "cannot stat $cp_path (a parent directory not searchable: needs = root-read?)"
		return
	}
	IFS='|' read -r cp_ftype cp_uname cp_uid cp_gname cp_gid cp_mode <<EOF
$cp_st
EOF
	cp_bad=
	case $cp_type in
	'') ;;
	file) [ "$cp_ftype" = "regular file" ] || [ "$cp_ftype" = "regular empty file" ] || cp_bad="$cp_bad; is a $cp_ftype, not a regular file" ;;
	dir) [ "$cp_ftype" = directory ] || cp_bad="$cp_bad; is a $cp_ftype, not a directory" ;;
	socket) [ "$cp_ftype" = socket ] || cp_bad="$cp_bad; is a $cp_ftype, not a socket" ;;
	esac
	if [ -n "$cp_owner" ] && [ "$cp_owner" != "$cp_uname" ] && [ "$cp_owner" != "$cp_uid" ]; then
		cp_bad="$cp_bad; owned by $cp_uname, not $cp_owner"
	fi
	if [ -n "$cp_group" ] && [ "$cp_group" != "$cp_gname" ] && [ "$cp_group" != "$cp_gid" ]; then
		cp_bad="$cp_bad; group $cp_gname, not $cp_group"
	fi
	cp_m=$((0$cp_mode))
	if [ -n "$cp_max" ] && [ "$((cp_m & ~0$cp_max))" -ne 0 ]; then
		cp_bad="$cp_bad; mode $(printf '%04o' "$cp_m") grants $(printf '%04o' "$((cp_m & ~0$cp_max))") beyond $cp_max"
	fi
	# An access ACL (ls marks it with "+") can grant what the mode bits do
	# not show: with --mode-max it is a finding of its own.
	if [ -n "$cp_max" ]; then
		cp_ls=$(ls -ld -- "$cp_path" 2>/dev/null) || cp_ls=
		case ${cp_ls%%" "*} in
		??????????+*) cp_bad="$cp_bad; has a POSIX ACL that may grant more than $cp_max (getfacl $cp_path; setfacl -b to remove)" ;;
		esac
	fi
	if [ -n "$cp_has" ] && [ "$((cp_m & 0$cp_has))" -ne "$((0$cp_has))" ]; then
		cp_bad="$cp_bad; mode $(printf '%04o' "$cp_m") lacks $(printf '%04o' "$((0$cp_has & ~cp_m))") (required bits $cp_has)"
	fi
	cp_desc="$cp_ftype, $cp_uname:$cp_gname, mode $(printf '%04o' "$cp_m")"
	if [ -n "$cp_bad" ]; then
		rec fail "$cp_path" "$cp_path: ${cp_bad#; } ($cp_desc)" "type=$cp_ftype" "owner=$cp_uname" "group=$cp_gname" "mode=$(printf '%04o' "$cp_m")"
	else
		rec pass "$cp_path" "$cp_path: $cp_desc" "type=$cp_ftype" "owner=$cp_uname" "group=$cp_gname" "mode=$(printf '%04o' "$cp_m")"
	fi
}

# check_files_present DIR NAME,NAME...: every NAME is a regular file (not a
# symlink) in DIR.  The missing ones are named.
check_files_present() {
	[ "$#" = 2 ] || { ck_badarg "expected DIR NAME,NAME..."; return; }
	fp_dir=$1
	if [ ! -d "$fp_dir" ] || [ -L "$fp_dir" ]; then
		rec fail "$fp_dir" "$fp_dir is not a directory" "path=$fp_dir"
		return
	fi
	if [ ! -x "$fp_dir" ]; then
		rec error "$fp_dir" "cannot search $fp_dir (needs = root-read?)"
		return
	fi
	fp_old=$IFS
	IFS=,
	set -f
	# shellcheck disable=SC2086 # split on commas
	set -- $2
	set +f
	IFS=$fp_old
	fp_missing='' fp_n=0
	for fp_f in "$@"; do
		[ -n "$fp_f" ] || continue
		fp_n=$((fp_n + 1))
		if [ -L "$fp_dir/$fp_f" ] || [ ! -f "$fp_dir/$fp_f" ]; then
			fp_missing="${fp_missing:+$fp_missing, }$fp_f"
		fi
	done
	if [ -n "$fp_missing" ]; then
		rec fail "$fp_dir" "missing from $fp_dir (or not a regular file): $fp_missing" "missing=$fp_missing" "expected=$2"
	else
		rec pass "$fp_dir" "all $fp_n files present in $fp_dir: $2" "expected=$2"
	fi
}

# check_files_valid DIR GLOB MIN [--recursive] [--batch] -- CMD ARG...
# check_files_valid DIR GLOB MIN [--recursive] --json
# At least MIN regular files named GLOB in DIR (and below with
# --recursive) that CMD accepts; "{}" in ARG is replaced by the file
# (appended when absent).  Alertmanager: `-- amtool check-config {}`;
# Prometheus rules: `--batch -- promtool check rules {}`.
# --json: each file must be exactly one JSON value, judged by jq's parser
# (an empty file or two values in one are rejected, which `jq empty FILE`
# would accept); files over 64 MiB are rejected unread.
# --batch: CMD judges every file it is given, each on its own (as promtool
# check rules does): it runs once with all of them ("{}" = every file) and
# only when it refuses are the files asked one by one, to name the bad
# ones.  --json is batched the same way (one jq, each file read into its
# own variable, so two files never parse as one).  Never --batch a CMD
# that concatenates its inputs (`jq empty f1 f2` accepts `{"a":` + `1}`).
# A rejected file is named (warn when MIN valid files remain, fail
# otherwise).  CMD not on PATH: skip naming it.
check_files_valid() {
	fv_dir='' fv_glob='' fv_min='' fv_rec='' fv_batch='' fv_json=''
	while [ "$#" -gt 0 ]; do
		case $1 in
		--) shift; break ;;
		--recursive) fv_rec=1; shift ;;
		--batch) fv_batch=1; shift ;;
		--json) fv_json=1 fv_batch=1; shift ;;
		-*) ck_badarg "unknown option '$1'"; return ;;
		*)
			if [ -z "$fv_dir" ]; then fv_dir=$1
			elif [ -z "$fv_glob" ]; then fv_glob=$1
			elif [ -z "$fv_min" ]; then fv_min=$1
			else ck_badarg "unexpected '$1' (DIR GLOB MIN [--recursive] [--batch] -- CMD ARG..., or --json)"; return
			fi
			shift
			;;
		esac
	done
	if [ -n "$fv_json" ]; then
		[ "$#" = 0 ] || { ck_badarg "--json takes no command"; return; }
		set -- jq
	fi
	{ is_uint "$fv_min" && [ "$#" -gt 0 ]; } || { ck_badarg "expected DIR GLOB MIN [--recursive] [--batch] -- CMD ARG..., or --json"; return; }
	uint_norm "$fv_min"
	fv_min=$UINT
	ck_tool "$1" || return 0
	if [ ! -d "$fv_dir" ]; then
		rec fail "$fv_dir" "$fv_dir does not exist: 0 files named $fv_glob, at least $fv_min required" "path=$fv_dir"
		return
	fi
	fv_list=$(fv_find | sort) || :
	fv_ok=0 fv_bad='' fv_n=0 fv_why='' fv_all=''
	if [ -n "$fv_batch" ] && [ -n "$fv_list" ]; then
		# All at once: accepted whole, or asked one by one below.
		fv_rc=0
		if [ -n "$fv_json" ]; then
			fv_big=$(fv_find -size +65536k) || :
			[ -z "$fv_big" ] || fv_rc=1
			[ "$fv_rc" != 0 ] || ck_json_all "$fv_list" >/dev/null 2>&1 || fv_rc=$?
		else
			ck_run_all "$fv_list" "$@" >/dev/null 2>&1 || fv_rc=$?
		fi
		[ "$fv_rc" != 0 ] || fv_all=1
	fi
	while IFS= read -r fv_f; do
		[ -n "$fv_f" ] || continue
		fv_n=$((fv_n + 1))
		if [ -n "$fv_all" ]; then
			fv_ok=$((fv_ok + 1))
			continue
		fi
		fv_rc=0
		if [ -z "$fv_json" ]; then
			fv_out=$(ck_run_on "$fv_f" "$@" 2>&1) || fv_rc=$?
		elif [ -n "$(find "$fv_f" -prune -size +65536k 2>/dev/null)" ]; then
			fv_out="over 64 MiB, not parsed" fv_rc=1
		else
			fv_out=$(ck_json_all "$fv_f" 2>&1) || fv_rc=$?
		fi
		if [ "$fv_rc" = 0 ]; then
			fv_ok=$((fv_ok + 1))
		else
			fv_bad="${fv_bad:+$fv_bad, }${fv_f#"$fv_dir"/}"
			if [ -z "$fv_why" ]; then
				ck_first_line "$fv_out"
				fv_why="${fv_f#"$fv_dir"/}: $FIRST"
			fi
		fi
	done <<EOF
$fv_list
EOF
	fv_by=$1
	[ -z "$fv_json" ] || fv_by="jq's parser (one JSON value a file)"
	fv_msg="$fv_ok of $fv_n files named $fv_glob in $fv_dir accepted by $fv_by, at least $fv_min required"
	[ -z "$fv_bad" ] || fv_msg="$fv_msg; rejected: $fv_bad (first: $fv_why)"
	if [ "$fv_ok" -lt "$fv_min" ]; then
		fv_st=fail
	elif [ -n "$fv_bad" ]; then
		fv_st=warn
	else
		fv_st=pass
	fi
	[ -z "$fv_json" ] || set -- "jq -n --rawfile f FILE '\$f | fromjson'"
	rec "$fv_st" "$fv_dir" "$fv_msg" "valid=$fv_ok" "found=$fv_n" "required=$fv_min" "validator=$*" \
		${fv_bad:+"rejected=$fv_bad"}
}

# fv_find [TEST...]: the files of check_files_valid (fv_dir, fv_glob,
# fv_rec) that pass the extra find TESTs, one a line.
fv_find() {
	if [ -n "$fv_rec" ]; then
		find "$fv_dir" -type f -name "$fv_glob" "$@" 2>/dev/null
	else
		find "$fv_dir" -mindepth 1 -maxdepth 1 -type f -name "$fv_glob" "$@" 2>/dev/null
	fi
}

# ck_json_all LIST: every file of LIST (one a line) is exactly one JSON
# value: one jq, each file read raw into a variable of its own and parsed
# alone (fromjson), so two files never parse as one.
ck_json_all() {
	cja_list=$1 cja_k=0
	set --
	while IFS= read -r cja_f; do
		[ -n "$cja_f" ] || continue
		cja_k=$((cja_k + 1))
		set -- "$@" --rawfile "f$cja_k" "$cja_f"
	done <<EOF
$cja_list
EOF
	[ "$cja_k" -gt 0 ] || return 1
	# shellcheck disable=SC2016 # a jq program
	jq -n "$@" '$ARGS.named[] | fromjson | empty' </dev/null
}

# ck_run_all LIST CMD ARG...: CMD with every "{}" replaced by all the files
# of LIST (one a line; appended when no ARG is "{}").
ck_run_all() {
	cra_list=$1 cra_seen=
	shift
	for cra_a in "$@"; do
		[ "$cra_a" = '{}' ] && cra_seen=1
	done
	[ -n "$cra_seen" ] || set -- "$@" '{}'
	cra_n=$#
	while [ "$cra_n" -gt 0 ]; do
		if [ "$1" = '{}' ]; then
			while IFS= read -r cra_f; do
				[ -n "$cra_f" ] && set -- "$@" "$cra_f"
			done <<EOF
$cra_list
EOF
		else
			set -- "$@" "$1"
		fi
		shift
		cra_n=$((cra_n - 1))
	done
	"$@" </dev/null
}

# ck_run_on FILE CMD ARG...: CMD with every "{}" replaced by FILE (FILE
# appended when no ARG is "{}").
ck_run_on() {
	cro_f=$1
	shift
	cro_n=$# cro_seen=
	while [ "$cro_n" -gt 0 ]; do
		if [ "$1" = '{}' ]; then
			set -- "$@" "$cro_f"
			cro_seen=1
		else
			set -- "$@" "$1"
		fi
		shift
		cro_n=$((cro_n - 1))
	done
	[ -n "$cro_seen" ] || set -- "$@" "$cro_f"
	"$@" </dev/null
}

# check_readable PATH...: every PATH exists and can be read whole: every
# file under a directory opened and read, every directory listed (what
# `tar -c` of them needs).  Nothing is written; unreadable entries are
# named.
check_readable() {
	[ "$#" -ge 1 ] || { ck_badarg "expected PATH..."; return; }
	rd_missing='' rd_bad='' rd_files=0
	for rd_p in "$@"; do
		if [ ! -e "$rd_p" ]; then
			rd_missing="${rd_missing:+$rd_missing, }$rd_p"
			continue
		fi
		rd_out=$(find "$rd_p" \( -type d -exec sh -c 'for d; do ls -- "$d" >/dev/null 2>&1 || printf "%s\n" "$d/"; done' sh {} + \) \
			-o \( -type f -exec sh -c 'for f; do head -c 1 -- "$f" >/dev/null 2>&1 && printf "+\n" || printf "%s\n" "$f"; done' sh {} + \) 2>/dev/null) || :
		while IFS= read -r rd_l; do
			case $rd_l in
			'') ;;
			+) rd_files=$((rd_files + 1)) ;;
			*) rd_bad="${rd_bad:+$rd_bad, }$rd_l" ;;
			esac
		done <<EOF
$rd_out
EOF
	done
	if [ -n "$rd_missing" ] || [ -n "$rd_bad" ]; then
		rd_msg=
		[ -z "$rd_missing" ] || rd_msg="missing: $rd_missing"
		[ -z "$rd_bad" ] || rd_msg="${rd_msg:+$rd_msg; }unreadable: $rd_bad"
		rec fail "$1" "$rd_msg" ${rd_missing:+"missing=$rd_missing"} ${rd_bad:+"unreadable=$rd_bad"}
	else
		rec pass "$1" "$* present; $rd_files files readable" "files=$rd_files"
	fi
}

# check_file_contains FILE ERE...: FILE is a regular file and each
# extended regular expression matches a line of it (case-insensitive).
# The patterns that match nothing are named.
check_file_contains() {
	[ "$#" -ge 2 ] || { ck_badarg "expected FILE ERE..."; return; }
	fc_f=$1
	shift
	if [ -L "$fc_f" ] || [ ! -f "$fc_f" ]; then
		rec fail "$fc_f" "$fc_f does not exist (or is not a regular file)" "path=$fc_f"
		return
	fi
	if [ ! -r "$fc_f" ]; then
		rec error "$fc_f" "cannot read $fc_f (needs = root-read?)"
		return
	fi
	fc_missing=
	for fc_re in "$@"; do
		grep -E -i -q -e "$fc_re" -- "$fc_f" 2>/dev/null || fc_missing="${fc_missing:+$fc_missing, }$fc_re"
	done
	if [ -n "$fc_missing" ]; then
		rec fail "$fc_f" "$fc_f does not state: $fc_missing" "missing=$fc_missing"
	else
		rec pass "$fc_f" "$fc_f states: $*" "patterns=$*"
	fi
}

# check_newest_age DIR MAX_DAYS|any [--glob PATTERN] [--min-count N]: at
# least N (default 1) entries named PATTERN (default *) directly in DIR,
# the newest modified at most MAX_DAYS days ago (`any`: no age limit).
check_newest_age() {
	[ "$#" -ge 2 ] || { ck_badarg "expected DIR MAX_DAYS|any [--glob PATTERN] [--min-count N]"; return; }
	na_dir=$1 na_max=$2
	shift 2
	na_glob='*' na_min=1
	case $na_max in any) ;; *) is_uint "$na_max" || { ck_badarg "MAX_DAYS must be a number or any, got '$na_max'"; return; } ;; esac
	while [ "$#" -gt 0 ]; do
		[ "$#" -ge 2 ] || { ck_badarg "option '$1' needs a value"; return; }
		case $1 in
		--glob) na_glob=$2 ;;
		--min-count) is_uint "$2" || { ck_badarg "--min-count needs a number"; return; }; na_min=$2 ;;
		*) ck_badarg "unknown option '$1'"; return ;;
		esac
		shift 2
	done
	if [ ! -d "$na_dir" ]; then
		rec fail "$na_dir" "$na_dir does not exist: no entries" "path=$na_dir"
		return
	fi
	na_out=$(find "$na_dir" -mindepth 1 -maxdepth 1 -name "$na_glob" -printf '%T@ %f\n' 2>/dev/null | sort -n) || :
	na_n=0 na_last=
	while IFS= read -r na_l; do
		[ -n "$na_l" ] || continue
		na_n=$((na_n + 1))
		na_last=$na_l
	done <<EOF
$na_out
EOF
	if [ "$na_n" -lt "$na_min" ]; then
		rec fail "$na_dir" "$na_n entries named $na_glob in $na_dir, at least $na_min required" "count=$na_n" "required=$na_min"
		return
	fi
	na_t=${na_last%% *}
	na_t=${na_t%.*}
	na_name=${na_last#* }
	na_age=$((($(date +%s) - na_t) / 86400))
	[ "$na_age" -ge 0 ] || na_age=0
	if [ "$na_max" != any ] && [ "$na_age" -gt "$na_max" ]; then
		rec fail "$na_dir" "$na_n entries in $na_dir; the newest, $na_name, is $na_age days old, at most $na_max allowed" \
			"count=$na_n" "newest=$na_name" "age_days=$na_age" "max_days=$na_max"
	else
		na_lim=" (no age limit)"
		[ "$na_max" = any ] || na_lim=", at most $na_max allowed"
		rec pass "$na_dir" "$na_n entries in $na_dir; the newest, $na_name, is $na_age days old$na_lim" \
			"count=$na_n" "newest=$na_name" "age_days=$na_age" "max_days=$na_max"
	fi
}
