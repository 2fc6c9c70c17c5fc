# store-sql-names.awk: the names of cgi-bin/store_sql.h's enums as C lists (#define NAMES_<enum> "A", "B", ...), for tests/pg_sql_dump.c.
/^enum [a-z_]+ \{/ { name = $2; list = ""; next }
name != "" && /^\};/ { print "#define NAMES_" name " " list; name = ""; next }
name != "" && match($0, /^[ \t]+[A-Z][A-Z0-9_]*,/) {
	m = substr($0, RSTART, RLENGTH - 1)
	gsub(/[ \t]/, "", m)
	if (m !~ /__MAX$/)
		list = list (list == "" ? "" : ", ") "\"" m "\""
}
