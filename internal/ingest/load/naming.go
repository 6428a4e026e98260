package load

import (
	"path/filepath"
	"strings"
	"unicode"

	"quarry/internal/ingest"
	"quarry/internal/table"
)

// categoryTables maps the Category of an Entra export to its table.
var categoryTables = map[string]string{
	"signinlogs":                      "SigninLogs",
	"noninteractiveusersigninlogs":    "AADNonInteractiveUserSignInLogs",
	"aadnoninteractiveusersigninlogs": "AADNonInteractiveUserSignInLogs",
}

// genericTableName names the table a generic file feeds: the Log Analytics
// table its records say they belong to (their Type column, or an Entra
// Category), else the file's base name made into an identifier
// (transfers.csv -> transfers).
func genericTableName(path string, format ingest.Format) string {
	if name := recordedTable(path); name != "" {
		return name
	}
	return identifier(path)
}

// recordedTable peeks at the Type and Category columns of the records in
// the file's first peekBytes.
func recordedTable(path string) string {
	texts, err := ingest.FirstTexts(path, []string{"Type", "Category"}, peekBytes)
	if err != nil {
		return ""
	}
	for _, col := range []string{"Type", "Category"} {
		v, ok := texts[col]
		if !ok {
			continue
		}
		if _, known := table.KnownSchema(v); known && col == "Type" {
			return v
		}
		if name, ok := categoryTables[strings.ToLower(v)]; ok {
			return name
		}
	}
	return ""
}

// peekBytes bounds how much of a file recordedTable reads.
const peekBytes = 1 << 20

// dataExtensions are the file extensions a table name leaves out.
var dataExtensions = map[string]bool{
	".csv": true, ".tsv": true, ".json": true, ".jsonl": true, ".ndjson": true, ".log": true,
	".txt": true, ".gz": true, ".gzip": true, ".bz2": true,
}

// identifier turns a file name into a KQL-friendly table name: the base
// name without data extensions (.csv, .json, .gz, ...), non-identifier
// characters replaced by '_', a leading digit prefixed with '_'.
func identifier(path string) string {
	base := filepath.Base(path)
	for ext := filepath.Ext(base); dataExtensions[strings.ToLower(ext)] && ext != base; ext = filepath.Ext(base) {
		base = strings.TrimSuffix(base, ext)
	}
	var b strings.Builder
	for _, r := range base {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	s := b.String()
	if s == "" || unicode.IsDigit(rune(s[0])) {
		s = "_" + s
	}
	return s
}
