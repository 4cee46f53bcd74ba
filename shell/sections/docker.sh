# shellcheck shell=sh disable=SC2034,SC2154
# (SC2034/SC2154: globals are shared between the files sourced by signoff.)
# docker.sh - who can reach the Docker daemon; container resource limits.

# check_docker_group [--allow USER,USER] [--socket PATH]: the members of
# the `docker` group (listed in $SIGNOFF_ETC/group, or with it as their
# primary group in $SIGNOFF_ETC/passwd) and the socket's owner, group and
# mode.  Access to the socket is root on the host (`docker run -v /:/host`),
# so: every member not named in --allow is a warning; a socket not owned
# by root, or reachable by other users (mode o+rw), is a failure.  PATH
# defaults to $DOCKER_HOST (unix://) or /var/run/docker.sock.  No group
# and no socket: Docker is not installed, a skip.
check_docker_group() {
	dg_allow='' dg_sock=
	while [ "$#" -gt 0 ]; do
		[ "$#" -ge 2 ] || { ck_badarg "option '$1' needs a value"; return; }
		case $1 in
		--allow) dg_allow=$2 ;;
		--socket) dg_sock=$2 ;;
		*) ck_badarg "unknown option '$1' (--allow USER,... --socket PATH)"; return ;;
		esac
		shift 2
	done
	if [ -z "$dg_sock" ]; then
		case ${DOCKER_HOST:-} in
		unix://*) dg_sock=${DOCKER_HOST#unix://} ;;
		*) dg_sock=/var/run/docker.sock ;;
		esac
	fi
	dg_etc=${SIGNOFF_ETC:-/etc}
	dg_line=
	if [ -r "$dg_etc/group" ]; then
		dg_line=$(grep '^docker:' "$dg_etc/group" 2>/dev/null | head -n 1) || dg_line=
	fi
	dg_members='' dg_gid=''
	if [ -n "$dg_line" ]; then
		dg_gid=$(printf '%s\n' "$dg_line" | cut -d: -f3)
		dg_members=$(printf '%s\n' "$dg_line" | cut -d: -f4)
		if [ -r "$dg_etc/passwd" ]; then
			# shellcheck disable=SC2013 # user names have no blanks
			for dg_u in $(awk -F: -v g="$dg_gid" '$4 == g { print $1 }' "$dg_etc/passwd"); do
				case ,$dg_members, in *",$dg_u,"*) ;; *) dg_members="${dg_members:+$dg_members,}$dg_u" ;; esac
			done
		fi
	fi
	if [ -z "$dg_line" ] && [ ! -S "$dg_sock" ]; then
		rec skip docker "no docker group in $dg_etc/group and no Docker socket at $dg_sock: Docker is not installed here"
		return
	fi
	dg_bad='' dg_warn='' dg_sockdesc='no socket (daemon not running)'
	if [ -S "$dg_sock" ]; then
		dg_st=$(stat -L -c '%U|%G|%a' -- "$dg_sock" 2>/dev/null) || dg_st=
		dg_o=${dg_st%%|*} dg_r=${dg_st#*|}
		dg_g=${dg_r%%|*} dg_m=${dg_r#*|}
		dg_sockdesc="$dg_sock $dg_o:$dg_g mode $dg_m"
		[ "$dg_o" = root ] || dg_bad="$dg_bad; socket owned by $dg_o, not root"
		[ "$(((0$dg_m) & 6))" = 0 ] || dg_bad="$dg_bad; socket mode $dg_m lets every user on the host reach the daemon"
	fi
	dg_unknown=
	dg_old=$IFS
	IFS=,
	for dg_u in $dg_members; do
		[ -n "$dg_u" ] || continue
		case ,$dg_allow, in *",$dg_u,"*) ;; *) dg_unknown="${dg_unknown:+$dg_unknown,}$dg_u" ;; esac
	done
	IFS=$dg_old
	dg_msg="docker group members: ${dg_members:-none}; $dg_sockdesc"
	if [ -n "$dg_bad" ]; then
		rec fail docker "${dg_bad#; }; $dg_msg" "members=$dg_members" "socket=$dg_sockdesc" "allowed=$dg_allow"
	elif [ -n "$dg_unknown" ]; then
		rec warn docker "members of the docker group not named in the policy (root-equivalent): $dg_unknown; $dg_msg" \
			"members=$dg_members" "unexpected=$dg_unknown" "socket=$dg_sockdesc" "allowed=$dg_allow"
	else
		rec pass docker "$dg_msg (all named in the policy)" "members=$dg_members" "socket=$dg_sockdesc" "allowed=$dg_allow"
	fi
}

# check_compose_limits FILE: every service of the compose FILE sets a CPU
# and a memory limit (deploy.resources.limits.cpus and .memory, or the
# legacy cpus / mem_limit keys).  When `docker compose` works, its
# normalised `docker compose -f FILE config` is read (anchors, extends and
# overrides resolved); otherwise the file itself, by indentation (block
# YAML as compose files are written; flow mappings such as
# "limits: {cpus: 1}" are not understood and count as missing).
check_compose_limits() {
	[ "$#" = 1 ] || { ck_badarg "expected FILE"; return; }
	cl_f=$1
	if [ ! -f "$cl_f" ]; then
		rec fail "$cl_f" "$cl_f does not exist" "path=$cl_f"
		return
	fi
	cl_src=$cl_f
	cl_yaml=
	if command -v docker >/dev/null 2>&1 &&
		cl_yaml=$(docker compose -f "$cl_f" config 2>/dev/null) && [ -n "$cl_yaml" ]; then
		cl_src="docker compose -f $cl_f config"
	else
		cl_yaml=$(cat -- "$cl_f") || { rec error "$cl_f" "cannot read $cl_f"; return; }
	fi
	cl_res=$(printf '%s\n' "$cl_yaml" | awk '
	function ind(s) { match(s, /^ */); return RLENGTH }
	function flush() {
		if (svc != "") { n++; if (!(cpu && mem)) {
			miss = miss (miss == "" ? "" : ", ") svc " (" (cpu ? "" : "cpu") (cpu || mem ? "" : "+") (mem ? "" : "memory") ")" } }
		svc = ""; cpu = mem = 0
	}
	/^[ \t]*#/ || /^[ \t]*$/ { next }
	{
		i = ind($0); line = $0; sub(/^ */, "", line); sub(/[ \t]+#.*$/, "", line)
		key = line; sub(/:.*/, "", key); gsub(/["'\'']/, "", key)
	}
	i == 0 { flush(); insvc = (key == "services"); sind = -1; next }
	!insvc { next }
	sind < 0 { sind = i }
	i == sind { flush(); svc = key; depth = 0; next }
	i < sind { flush(); insvc = 0; next }
	svc != "" {
		# remember the path of keys by indentation
		while (depth > 0 && pind[depth] >= i) depth--
		depth++; pind[depth] = i; pkey[depth] = key
		path = ""
		for (d = 1; d <= depth; d++) path = path "/" pkey[d]
		if (path ~ /^\/deploy\/resources\/limits\/cpus$/ || path == "/cpus") cpu = 1
		if (path ~ /^\/deploy\/resources\/limits\/memory$/ || path == "/mem_limit") mem = 1
	}
	END { flush(); printf "%d\t%s\n", n, miss }')
	cl_n=${cl_res%%"$TAB"*}
	cl_miss=${cl_res#*"$TAB"}
	if ! is_uint "$cl_n" || [ "$cl_n" = 0 ]; then
		rec fail "$cl_f" "no services found in $cl_src" "source=$cl_src"
	elif [ -n "$cl_miss" ]; then
		rec fail "$cl_f" "services without limits in $cl_src: $cl_miss" "services=$cl_n" "without_limits=$cl_miss" "source=$cl_src"
	else
		rec pass "$cl_f" "all $cl_n services set CPU and memory limits ($cl_src)" "services=$cl_n" "source=$cl_src"
	fi
}
