# bash completion for signoff(1).  Installed by `./build.sh install` as
# PREFIX/share/bash-completion/completions/signoff.
# shellcheck shell=bash

# The shipped policy names, from the policies/ directory beside the
# installed (or source-tree) front end.
_signoff_policies() {
	local s d f
	s=$(command -v signoff 2>/dev/null) || return 0
	s=$(readlink -f -- "$s" 2>/dev/null) || return 0
	d=${s%/*}/policies
	[ -d "$d" ] || d=${s%/*}/../policies
	for f in "$d"/*.conf; do
		[ -f "$f" ] || continue
		f=${f##*/}
		printf '%s\n' "${f%.conf}"
	done
}

_signoff() {
	local cur prev cmd
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	local commands='audit check list validate explain version help sign verify fleet'
	if [ "$COMP_CWORD" -eq 1 ]; then
		mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur")
		return 0
	fi
	cmd=${COMP_WORDS[1]}
	case $prev in
	--policy)
		mapfile -t COMPREPLY < <(compgen -W "$(_signoff_policies)" -- "$cur")
		mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -- "$cur")
		return 0 ;;
	--root)
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		return 0 ;;
	--output | --waivers | --rules | --rules-only | --baseline | \
	--write-baseline | --key | --signers | --cafile | --ca-file | --ufw-conf)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return 0 ;;
	--format)
		mapfile -t COMPREPLY < <(compgen -W 'human json junit sarif tap markdown prometheus' -- "$cur")
		return 0 ;;
	--phase)
		mapfile -t COMPREPLY < <(compgen -W 'pre post all' -- "$cur")
		return 0 ;;
	--fail-on)
		mapfile -t COMPREPLY < <(compgen -W 'critical high medium low info warn' -- "$cur")
		return 0 ;;
	--env)
		mapfile -t COMPREPLY < <(compgen -W 'production staging development' -- "$cur")
		return 0 ;;
	--show)
		mapfile -t COMPREPLY < <(compgen -W 'fail warn error skip pass all' -- "$cur")
		return 0 ;;
	esac
	case $cmd in
	audit)
		mapfile -t COMPREPLY < <(compgen -W '--policy --root --phase --format --output --only --skip --fail-on --quiet --show --env --jobs' -- "$cur") ;;
	check)
		if [ "$COMP_CWORD" -eq 2 ]; then
			mapfile -t COMPREPLY < <(compgen -W 'secrets firewall ports http credentials cert tls' -- "$cur")
		else
			mapfile -t COMPREPLY < <(compgen -W '--format --fail-on --output --quiet --show' -- "$cur")
			mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -- "$cur")
		fi ;;
	list | validate | explain)
		mapfile -t COMPREPLY < <(compgen -W '--policy' -- "$cur") ;;
	help)
		mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur") ;;
	*)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
	esac
	return 0
}
complete -F _signoff signoff
