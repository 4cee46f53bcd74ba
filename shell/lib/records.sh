# shellcheck shell=sh disable=SC2034,SC2154
# (SC2034/SC2154: globals are shared between the files sourced by signoff.)
# records.sh - emitting records (docs/FORMATS.md 1).  Every record is
# written by `signoff-core record`, so escaping lives in one place, the core.
#
# The item being run is described by globals set by the runner:
#   ITEM_ID ITEM_SECTION ITEM_TITLE ITEM_SEVERITY ITEM_OPTIONAL ITEM_START_MS

RECORD_HEADER="#signoff-records${TAB}1"

# records_header: the stream header line.
records_header() {
	printf '%s\n' "$RECORD_HEADER"
}

# rec STATUS SUBJECT MESSAGE [KEY=VALUE]...: one record for the current
# item on stdout.  This is the only way a shell check reports anything.
# A skip or error record's message is its reason.
rec() {
	rec_status=$1 rec_subject=$2 rec_message=$3
	shift 3
	now_ms
	rec_ms=$((NOW_MS - ITEM_START_MS))
	[ "$rec_ms" -ge 0 ] || rec_ms=0
	rec_n=$#
	while [ "$rec_n" -gt 0 ]; do
		set -- "$@" --evidence "$1"
		shift
		rec_n=$((rec_n - 1))
	done
	"$CORE" record --id "$ITEM_ID" --section "$ITEM_SECTION" \
		--title "$ITEM_TITLE" --status "$rec_status" \
		--severity "$ITEM_SEVERITY" --subject "$rec_subject" \
		--message "$rec_message" --duration-ms "$rec_ms" "$@" </dev/null || {
		msg "$ITEM_ID: signoff-core record refused a record (status $rec_status, subject '$rec_subject')"
		return 3
	}
}

# rec_missing SUBJECT REASON [KEY=VALUE]...: the data a check needs is not
# there: an error record (the check could not run), or a skip when the item
# is optional.
rec_missing() {
	if [ "${ITEM_OPTIONAL:-no}" = yes ]; then
		rec skip "$@"
	else
		rec error "$@"
	fi
}
