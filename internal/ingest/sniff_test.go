package ingest

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// sniffCase is one synthetic head for sniff: whole tells whether it is
// the entire file or a prefix cut from a longer one.
type sniffCase struct {
	name, in string
	whole    bool
	want     string // Format.String(), or "unknown"
}

const (
	evtxHead     = "ElfFile\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\r\x00\x00\x00\x00\x00\x00\x00\x80\x00\x00\x00\x01\x00\x03\x00\x00\x10\x01\x00\t\t\n"
	proxifierLog = "[10.30 16:49:06] chrome.exe - proxy.cse.cuhk.edu.hk:5070 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS\n" +
		"[10.30 16:49:06] chrome.exe - proxy.cse.cuhk.edu.hk:5070 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS\n"
	readmeMD = "# elastic/integrations pipeline-test fixtures (Entra ID sign-in, Okta System Log)\n\n" +
		"- Source repository: https://github.com/elastic/integrations\n" +
		"- License: Elastic License 2.0, see LICENSE.txt\n"
	licenseNote = "The excerpted rows come from https://github.com/Azure/Azure-Sentinel, which is published under the MIT License:\n\n" +
		"MIT License\n\nCopyright (c) Microsoft Corporation.\n\n" +
		"Permission is hereby granted, free of charge, to any person obtaining a copy\n" +
		"of this software and associated documentation files (the \"Software\"), to deal\n"
	mdTable = "| File | Source path (commit) | Format | Records |\n" +
		"|---|---|---|---|\n" +
		"| `a.jsonl` | `x/y.log` | JSON lines | 5 |\n"
	laExport = `TenantId,SourceSystem,"TimeGenerated [UTC]",Account,EventID` + "\n" +
		`t1,OpsManager,"21/04/2025, 09:45:54.000",a,4625` + "\n" +
		`t1,OpsManager,"02/04/2025, 10:13:15.500",b,4624` + "\n"
)

func sniffCases() []sniffCase {
	return []sniffCase{
		// Binary content.
		{"evtx", evtxHead, true, "unknown"},
		{"nul-in-csv", "a,b\n1,\x002\n", true, "unknown"},
		{"utf16-json", "\xff\xfe{\x00\"\x00a\x00\"\x00:\x001\x00}\x00", true, "unknown"},
		{"invalid-utf8", "a,b\n\xc3\x28\xa0\xa1,\xe2\x28\xa1\xf0\x28\x8c\xbc\n\xf8\xa1,\xfc\xa1\n", true, "unknown"},
		{"control-bytes", "a,b\n\x01\x02\x03,\x04\x05\x06\n\x07\x08,\x0e\x0f\n", true, "unknown"},
		{"latin1-csv", "name,city\nJ\xfcrgen,K\xf6ln\nAnna,Berlin\nBob,Paris\nEve,Rome\nMax,Oslo\n", true, "csv (delimiter ',')"},
		{"ansi-escape-ok", "a,b\n\x1b[31mred\x1b[0m,1\n", true, "csv (delimiter ',')"},

		// JSON arrays.
		{"array", `[{"a":1},{"a":2}]`, true, "json-array"},
		{"array-empty", " []\n", true, "json-array"},
		{"array-cut-at-prefix", `[{"a":1},{"a":"x`, false, "json-array"},
		{"array-cut-first-element", `[{"a":"very long`, false, "json-array"},
		{"array-whole-truncated", `[{"a":1},{"a":`, true, "json-array"},
		{"array-whole-truncated-first", `[{"a":`, true, "unknown"},
		{"array-syntax-error", `[{"a":1},{"a" 2}]`, true, "unknown"},
		{"array-syntax-error-before-cut", `[{"a":1} {"a":2},{"a":`, false, "unknown"},
		{"array-then-text", "[12] chrome.exe started\n", true, "unknown"},
		{"array-stream", "[1]\n[2]\n", true, "json-array"},
		{"proxifier", proxifierLog, true, "unknown"},
		{"bracketed-csv-header", "[a],[b]\n1,2\n", true, "csv (delimiter ',')"},

		// JSON objects.
		{"object", `{"a": 1}`, true, "json-object"},
		{"object-invalid", `{"a": tru}`, true, "unknown"},
		{"object-not-json", "{main} worker started on port 80, pid 7\n{main} worker stopped on port 80, pid 7\n", true, "unknown"},
		{"envelope", `{"records": [{"a": 1}]}`, true, "json-envelope (records)"},
		{"envelope-cut", `{"value": [{"a": 1}, {"a": `, false, "json-envelope (value)"},
		{"object-cut", `{"a": "` + strings.Repeat("x", 100), false, "json-stream"},
		{"object-whole-truncated", `{"a": 1, "b": `, true, "unknown"},
		{"ndjson", "{\"a\":1}\n{\"a\":2}\n", true, "ndjson"},
		{"ndjson-bad-first-line", "{\"a\":\n{\"a\":2}\n", true, "ndjson"},
		{"ndjson-bad-lines-only", "{oops}\n{nope}\nnot json\n", true, "unknown"},
		{"stream", "{\n \"a\": 1\n}\n{\n \"a\": 2\n}\n", true, "json-stream"},

		// Delimited text.
		{"log-analytics-export", laExport, true, "csv (delimiter ',')"},
		{"tsv", "a\tb\n1\tx y\n2\tz\n", true, "csv (delimiter '\\t')"},
		{"semicolon", "Name;Count;Ratio\nalice;1;0,5\nbob;2;1,25\n", true, "csv (delimiter ';')"},
		{"pipe", "a|b|c\n1|2|3\n", true, "csv (delimiter '|')"},
		{"quoted-newlines", "id,note\n1,\"multi\nline, with comma\"\n2,plain\n", true, "csv (delimiter ',')"},
		{"index-column", ",TenantId,TimeGenerated\n0,t,2019-02-12\n1,t,2019-02-13\n", true, "csv (delimiter ',')"},
		{"spaced-names", "Event Type,Event Name,Request User Agent\nAwsApiCall,ListObjects,curl\n", true, "csv (delimiter ',')"},
		{"crlf-bom", "\ufeffa,b\r\n1,2\r\n", true, "csv (delimiter ',')"},
		{"mostly-consistent", "a,b\n1,2\n3\n\"x\ny\",4\n5,6,7\n8,z\n\"open,9\n", true, "csv (delimiter ',')"},
		{"cut-mid-row", "a,b,c\n1,2,3\n4,5,6\n7,8", false, "csv (delimiter ',')"},
		{"cut-in-quotes", "a,b\n1,2\n3,\"long", false, "csv (delimiter ',')"},
		{"header-only", "a,b,c\n", true, "unknown"},
		{"header-only-cut", "a,b,c\n1,2", false, "unknown"},
		{"inconsistent", "a,b\n1,2,3\n4\n5,6,7,8\n", true, "unknown"},
		{"long-name", strings.Repeat("x", 65) + ",b\n1,2\n", true, "unknown"},
		{"markdown-heading", readmeMD, true, "unknown"},
		{"markdown-table", mdTable, true, "unknown"},
		{"markdown-rule-row", "a|b\n---|---\n1|2\n", true, "unknown"},
		{"license-prose", licenseNote, true, "unknown"},
		{"prose-header", "Hello there, this is a note about the data, which has three parts\nx,y,z\n", true, "unknown"},
		{"syslog", "Jan  1 00:00:00 host sshd[1]: hello, world\nJan  1 00:00:01 host sshd[1]: bye, world\n", true, "unknown"},
		{"plain-log", "2024-01-01 10:00:00 INFO started\n2024-01-01 10:00:01 INFO stopped\n", true, "unknown"},

		// Empty.
		{"empty", " \n\t\n", true, "empty"},
		{"blank-prefix", "   ", false, "unknown"},
	}
}

func TestSniff(t *testing.T) {
	for _, c := range sniffCases() {
		t.Run(c.name, func(t *testing.T) {
			f, err := sniff([]byte(c.in), c.whole)
			got := f.String()
			if err != nil {
				got = "unknown"
			}
			if got != c.want {
				t.Errorf("sniff = %s (err %v), want %s", got, err, c.want)
			}
		})
	}
}

// TestDetectHead runs Detect over files larger than the sniffed prefix, so
// that the head is cut inside a record, and over compressed content.
func TestDetectHead(t *testing.T) {
	var arr, tsv, md strings.Builder
	arr.WriteString("[\n")
	tsv.WriteString("id\tname\tnote\n")
	for i := 0; arr.Len() < 2*sniffSize; i++ {
		arr.WriteString(`  {"id": ` + itoa(i) + `, "pad": "` + strings.Repeat("x", i%97) + `"},` + "\n")
		tsv.WriteString(itoa(i) + "\tuser\t\"quoted\tfield " + strings.Repeat("y", i%89) + "\"\n")
		md.WriteString("Line " + itoa(i) + ", which is prose, goes on and on.\n")
	}
	arr.WriteString(`  {"id": -1}` + "\n]\n")
	cases := []struct{ name, content, want string }{
		{"big-array", arr.String(), "json-array"},
		{"big-tsv", tsv.String(), "csv (delimiter '\\t')"},
		{"big-prose", md.String(), ""},
		{"gzip-csv", string(gzipped(laExport)), "csv (delimiter ',')+gzip"},
		{"gzip-evtx", string(gzipped(evtxHead)), ""},
		{"gzip-proxifier", string(gzipped(proxifierLog)), ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := Detect(writeFile(t, c.name, []byte(c.content)))
			switch {
			case c.want == "" && err == nil:
				t.Errorf("detected as %s, want unknown", f)
			case c.want != "" && (err != nil || f.String() != c.want):
				t.Errorf("Detect = %s, %v; want %s", f, err, c.want)
			}
		})
	}
}

// FuzzSniff checks the sniffer on arbitrary heads: no panics, binary
// content never recognised, and valid JSON (per encoding/json) always
// recognised as JSON.
func FuzzSniff(f *testing.F) {
	for _, c := range sniffCases() {
		f.Add([]byte(c.in), c.whole)
	}
	for _, s := range append(jsonSeeds, ndjson, "[1, [2, {\"a\": [3]}]]", "[\"x\" , null,true]") {
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, in []byte, whole bool) {
		got, err := sniff(in, whole)
		if err != nil && got.Shape != Unknown {
			t.Fatalf("error %v with shape %s", err, got)
		}
		if bytes.IndexByte(in, 0) >= 0 && err == nil {
			t.Fatalf("content with NUL recognised as %s", got)
		}
		if validJSONContainer(in) && whole && (err != nil || got.Shape == CSV) {
			t.Fatalf("valid JSON recognised as %s (%v)", got, err)
		}
	})
}

// validJSONContainer reports UTF-8 input that encoding/json accepts, is an
// object or array, and nests shallowly enough for our scanner.
func validJSONContainer(in []byte) bool {
	b := bytes.TrimPrefix(in, bom)
	i := skipWS(b, 0)
	if i == len(b) || (b[i] != '{' && b[i] != '[') || !utf8.Valid(b) || !json.Valid(b) {
		return false
	}
	return bytes.Count(b, []byte("["))+bytes.Count(b, []byte("{")) < maxDepth
}

func TestLooksBinary(t *testing.T) {
	cases := []struct {
		in   string
		want bool
	}{
		{evtxHead, true},
		{"text\x00", true},
		{"\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x28\x8c\xbc plain", true},
		{"\x01\x02\x03 abc", true},
		{"J\xfcrgen aus K\xf6ln wohnt hier seit vielen Jahren", false},
		{"tab\tcr\r\nff\f esc\x1b[0m", false},
		{"caf\u00e9 \U0001F600", false},
		{"", false},
	}
	for _, c := range cases {
		if got := looksBinary([]byte(c.in)); got != c.want {
			t.Errorf("looksBinary(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}
