# shellcheck shell=sh disable=SC2034,SC2154
# (SC2034/SC2154: globals are shared between the files sourced by signoff.)
# backup.sh - is the backup script scheduled?

# check_backup_schedule SCRIPT [--required-in ENV,...]: a crontab line or a
# systemd timer runs SCRIPT (matched by its file name, so `cd DIR &&
# ./backup_system.sh` counts).  Looked at: root's crontab
# ($SIGNOFF_SPOOL/crontabs/root, readable by root only: needs =
# root-read), $SIGNOFF_ETC/crontab, $SIGNOFF_ETC/cron.d/*, and every
# $SIGNOFF_ETC/systemd/system/*.timer whose service (Unit=, or the
# timer's own name) has an ExecStart naming SCRIPT.  Commented lines do
# not count.  No schedule: a failure when the audited environment (--env)
# is in ENV,... (default production), a warning elsewhere.
check_backup_schedule() {
	[ "$#" = 1 ] || [ "$#" = 3 ] || { ck_badarg "expected SCRIPT [--required-in ENV,...]"; return; }
	bs_script=$1 bs_req=production
	if [ "$#" = 3 ]; then
		[ "$2" = --required-in ] || { ck_badarg "unknown option '$2'"; return; }
		bs_req=$3
	fi
	bs_base=${bs_script##*/}
	bs_etc=${SIGNOFF_ETC:-/etc}
	bs_spool=${SIGNOFF_SPOOL:-/var/spool/cron}
	bs_found='' bs_unread=''
	# A crontab directory we may not enter hides root's crontab: say so.
	if [ -d "$bs_spool/crontabs" ] && ! [ -x "$bs_spool/crontabs" ]; then
		bs_unread="$bs_spool/crontabs/"
	fi
	for bs_f in "$bs_spool/crontabs/root" "$bs_etc/crontab" "$bs_etc"/cron.d/*; do
		[ -e "$bs_f" ] || continue
		[ -f "$bs_f" ] || continue
		if [ ! -r "$bs_f" ]; then
			bs_unread="${bs_unread:+$bs_unread, }$bs_f"
			continue
		fi
		bs_l=$(grep -v '^[[:space:]]*#' "$bs_f" 2>/dev/null | grep -F -- "$bs_base" | head -n 1) || bs_l=
		if [ -n "$bs_l" ]; then
			bs_found="$bs_f: $bs_l"
			break
		fi
	done
	if [ -z "$bs_found" ]; then
		for bs_t in "$bs_etc"/systemd/system/*.timer; do
			[ -f "$bs_t" ] || continue
			bs_unit=$(sed -n 's/^[[:space:]]*Unit[[:space:]]*=[[:space:]]*//p' "$bs_t" | head -n 1)
			[ -n "$bs_unit" ] || { bs_unit=${bs_t##*/}; bs_unit=${bs_unit%.timer}.service; }
			bs_svc=$bs_etc/systemd/system/$bs_unit
			[ -r "$bs_svc" ] || bs_svc=/lib/systemd/system/$bs_unit
			[ -r "$bs_svc" ] || continue
			if grep -E '^[[:space:]]*ExecStart[[:space:]]*=' "$bs_svc" 2>/dev/null | grep -q -F -- "$bs_base"; then
				bs_found="${bs_t##*/} -> $bs_unit"
				break
			fi
		done
	fi
	if [ -n "$bs_found" ]; then
		rec pass "$bs_script" "$bs_base is scheduled: $bs_found" "schedule=$bs_found" "env=${AUDIT_ENV:-production}"
		return
	fi
	bs_msg="no crontab line (root's, $bs_etc/crontab, $bs_etc/cron.d) and no systemd timer runs $bs_base"
	[ -z "$bs_unread" ] || bs_msg="$bs_msg (could not read: $bs_unread; needs = root-read?)"
	if ck_in_env "$bs_req"; then
		rec fail "$bs_script" "$bs_msg; required in ${AUDIT_ENV:-production}" "env=${AUDIT_ENV:-production}" "required_in=$bs_req"
	else
		rec warn "$bs_script" "$bs_msg; required in $bs_req only, this is ${AUDIT_ENV:-production}" "env=${AUDIT_ENV:-production}" "required_in=$bs_req"
	fi
}
