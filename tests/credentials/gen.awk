# gen.awk - writes the labelled tree of the credential-scanner quality test.
#
# Input: tree.tsv lines "FILE<TAB>KIND<TAB>TEMPLATE" (see tree.tsv).  KIND is
# S:FAMILY (a planted secret: labelled), D:KIND (a decoy: must not be
# reported) or F (plain content).  A template's {CS:N} is replaced by N
# random characters of charset CS; "\n" splits it into lines, and the line
# that starts with "@@" (or the only line) is the one a finding must name.
# Between entries each file gets a few lines of harmless filler of its own
# language, so secrets sit in realistic surroundings.
#
# Output: the files under OUT (directories must exist: gen.sh makes them)
# and OUT/../labels.tsv: "PATH<TAB>LINE<TAB>FAMILY" for each planted secret.
# Variables: -v out=DIR -v labels=FILE -v seed=N.
BEGIN {
	FS = "\t"
	srand(seed + 0)
	cs["b62"] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	cs["b64"] = cs["b62"] "+/"
	cs["url"] = cs["b62"] "_-"
	cs["hex"] = "0123456789abcdef"
	cs["HEX"] = "0123456789ABCDEF"
	cs["b32"] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	cs["b32l"] = "abcdefghijklmnopqrstuvwxyz234567"
	cs["up"] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	cs["al"] = "abcdefghijklmnopqrstuvwxyz0123456789"
	cs["alpha"] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	cs["dig"] = "0123456789"
	cs["bech"] = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L"
	cs["pw"] = cs["b62"] "!#+-_.@"
	fill["py"] = "import logging|log = logging.getLogger(__name__)|def handler(event, context):|    return {\"status\": 200}|class Service:|    timeout = 30|    retries = 3|# keep the connection pool small|result = compute(items, limit=100)"
	fill["js"] = "import { api } from './api';|export function load(id) {|  return fetch(`/v1/items/${id}`);|}|const retries = 3;|// cache results for a minute|module.exports = { load };|if (!res.ok) throw new Error(res.statusText);"
	fill["go"] = "package config|import \"os\"|func Load() (*Config, error) {|\treturn &Config{Timeout: 30}, nil|}|// Config is read once at start-up.|type Config struct{ Timeout int }|var defaultPort = 8080"
	fill["java"] = "import java.util.Map;|public class Settings {|    private int timeout = 30;|    public int getTimeout() { return timeout; }|}|// loaded by Spring at start-up|@Configuration|log.info(\"starting\");"
	fill["php"] = "<?php|$timeout = 30;|function load($id) { return $db->find($id); }|// keep in sync with the schema|$table_prefix = 'wp_';|require_once 'bootstrap.php';"
	fill["rb"] = "require 'json'|module App|  TIMEOUT = 30|end|# configured at boot|def load(id) = Item.find(id)"
	fill["sh"] = "set -eu|# deploy helper|cd \"$(dirname \"$0\")\"|log() { printf '%s\\n' \"$*\" >&2; }|for f in *.conf; do log \"$f\"; done|umask 077"
	fill["yml"] = "  replicas: 2|  image: registry.fake.invalid/app:1.4.2|  timeout: 30|# staging only|  enabled: true|  port: 8080"
	fill["json"] = ""
	fill["ini"] = "timeout = 30|; cache settings|host = db.fake.invalid|port = 5432|enabled = true"
	fill["toml"] = "timeout = 30|# cache settings|host = \"db.fake.invalid\"|port = 5432"
	fill["tf"] = "  tags = { team = \"platform\" }|# managed by terraform|  instance_class = \"db.t3.micro\"|  engine = \"postgres\""
	fill["properties"] = "server.port=8080|# logging|logging.level.root=INFO|spring.jpa.open-in-view=false"
	fill["xml"] = "  <timeout>30</timeout>|  <!-- build settings -->|  <enabled>true</enabled>"
	fill["md"] = "Run `make` first.|## Configuration|The service reads its settings at start-up.|See the operations guide for details."
	fill["env"] = "APP_ENV=production|LOG_LEVEL=info|PORT=8080"
	fill["txt"] = ""
}
function rnd(set, n,    s, i, l) {
	l = length(cs[set])
	s = ""
	for (i = 0; i < n; i++)
		if (i == 0 && set == "pw")	# a leading ! # @ would be syntax
			s = substr(cs["b62"], int(rand() * 62) + 1, 1)
		else
			s = s substr(cs[set], int(rand() * l) + 1, 1)
	return s
}
function expand(t,    out, m, spec, p, set, n) {
	out = ""
	while (match(t, /\{[a-zA-Z0-9]+:[0-9]+\}/)) {
		spec = substr(t, RSTART + 1, RLENGTH - 2)
		p = index(spec, ":")
		set = substr(spec, 1, p - 1)
		n = substr(spec, p + 1) + 0
		out = out substr(t, 1, RSTART - 1) (set in cs ? rnd(set, n) : "{" spec "}")
		t = substr(t, RSTART + RLENGTH)
	}
	return out t
}
function ftype(f,    b) {
	b = f
	sub(/.*\//, "", b)
	if (b ~ /^\.env/ || b ~ /\.env$/) return "env"
	if (b ~ /\.py$/) return "py"
	if (b ~ /\.(js|ts|mjs|tsx)$/ && b !~ /\.min\.js$/) return "js"
	if (b ~ /\.go$/) return "go"
	if (b ~ /\.(java|kt|cs)$/) return "java"
	if (b ~ /\.php$/) return "php"
	if (b ~ /\.rb$/) return "rb"
	if (b ~ /\.(sh|bash)$/ || b ~ /^\.(bashrc|profile)$/) return "sh"
	if (b ~ /\.ya?ml$/) return "yml"
	if (b ~ /\.(ini|cfg|conf)$/) return "ini"
	if (b ~ /\.toml$/) return "toml"
	if (b ~ /\.(tf|tfvars)$/) return "tf"
	if (b ~ /\.properties$/) return "properties"
	if (b ~ /\.(xml|config)$/) return "xml"
	if (b ~ /\.md$/) return "md"
	return "txt"
}
function put(f, line) {
	nline[f]++
	print line > (out "/" f)
}
function filler(f,    t, n, k, i, parts) {
	t = ftype(f)
	if (fill[t] == "" || nofill[f])
		return
	n = split(fill[t], parts, "|")
	k = int(rand() * 3)
	for (i = 0; i < k; i++)
		put(f, parts[int(rand() * n) + 1])
}
/^#/ || NF < 3 { next }
$2 == "NOFILL" { nofill[$1] = 1; next }
{
	f = $1
	if (!(f in nline)) nline[f] = 0
	else filler(f)
	# "\\n" is a backslash-n written into the file (JSON strings); "\n"
	# splits the template into lines.
	t = $3
	gsub(/\\\\n/, "\001", t)
	n = split(expand(t), ls, /\\n/)
	target = 1
	for (i = 1; i <= n; i++)
		if (substr(ls[i], 1, 2) == "@@") {
			target = i
			ls[i] = substr(ls[i], 3)
		}
	for (i = 1; i <= n; i++) {
		gsub(/\001/, "\\n", ls[i])
		put(f, ls[i])
		if (i == target && substr($2, 1, 2) == "S:")
			printf "%s\t%d\t%s\n", f, nline[f], substr($2, 3) > labels
	}
}
END {
	for (f in nline)
		close(out "/" f)
	close(labels)
}
