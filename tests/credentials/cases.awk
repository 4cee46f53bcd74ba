# cases.awk - writes every rule's examples and counters as files, for
# tests/shell/test_credentials_rules.sh.
#
# For rule ID, example N goes to OUT/ex/ID/N/NAME and counter N to
# OUT/co/ID/N/NAME, NAME being the rule's first `path` glob with each "*"
# replaced by "f" (so a path-restricted rule applies), or "case.txt".
# Escapes as the rules format defines them: \n newline, \t tab, \\ backslash.
# Also writes OUT/ids (one rule id per line, with its counts: ID NEX NCO)
# and OUT/mkdirs (the directories, for the caller to create first).
# Variables: -v out=DIR -v pass=1 (print mkdirs only) or pass=2 (write).
function unesc(v,    o, i, c, d) {
	o = ""
	for (i = 1; i <= length(v); i++) {
		c = substr(v, i, 1)
		if (c == "\\" && i < length(v)) {
			d = substr(v, i + 1, 1)
			if (d == "n") { o = o "\n"; i++; continue }
			if (d == "t") { o = o "\t"; i++; continue }
			if (d == "\\") { o = o "\\"; i++; continue }
		}
		o = o c
	}
	return o
}
function flush() {
	if (id != "")
		printf "%s %d %d\n", id, nex, nco > (out "/ids")
}
function value(line) {
	sub(/^[^=]*=[ \t]*/, "", line)
	sub(/[ \t\r]+$/, "", line)
	return line
}
function emit(kind, n, text,    d) {
	d = out "/" kind "/" id "/" n
	if (pass == 1) { print d; return }
	printf "%s\n", unesc(text) > (d "/" name)
	close(d "/" name)
}
/^[ \t]*#/ || /^[ \t]*$/ { next }
/^\[rule [^]]*\][ \t]*$/ {
	if (pass == 2) flush()
	id = $0
	sub(/^\[rule /, "", id)
	sub(/\][ \t]*$/, "", id)
	nex = nco = 0
	name = "case.txt"
	next
}
/^\[/ { if (pass == 2) flush(); id = ""; next }
id == "" { next }
/^path[ \t]*=/ {
	name = value($0)
	sub(/,.*/, "", name)
	gsub(/\*/, "f", name)
	gsub(/[ \t]/, "", name)
	next
}
/^example[ \t]*=/ { emit("ex", ++nex, value($0)); next }
/^counter[ \t]*=/ { emit("co", ++nco, value($0)); next }
END { if (pass == 2) flush() }
