package load

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"quarry/internal/kql"
)

// write creates a file with content under dir.
func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const sshdLines = `Nov  2 03:14:07 web01 sshd[1234]: Failed password for invalid user admin from 203.0.113.9 port 50522 ssh2
Nov  2 03:14:09 web01 sshd[1234]: Failed password for root from 203.0.113.9 port 50524 ssh2
Nov  2 03:15:00 web01 sshd[1240]: Accepted password for alice from 198.51.100.4 port 40000 ssh2
`

const signins = `{"TimeGenerated":"2026-11-02T10:00:00Z","Type":"SigninLogs","ResultType":"50126","UserPrincipalName":"bob@x.eu","IPAddress":"203.0.113.9"}
{"TimeGenerated":"2026-11-02T10:01:00Z","Type":"SigninLogs","ResultType":"0","UserPrincipalName":"bob@x.eu","IPAddress":"198.51.100.4"}
`

func loadDir(t *testing.T, files map[string]string) (*Result, string) {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		write(t, dir, name, content)
	}
	res, err := Paths([]string{dir}, Options{Year: 2026})
	if err != nil {
		t.Fatal(err)
	}
	return res, dir
}

func query(t *testing.T, res *Result, src string) string {
	t.Helper()
	prog, err := kql.CompileWith(src, res.Catalog, kql.Env{Functions: res.Functions})
	if err != nil {
		t.Fatalf("compile %q: %v", src, err)
	}
	out, err := prog.Run(context.Background(), kql.Options{Now: time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC), Workers: 2})
	if err != nil {
		t.Fatalf("run %q: %v", src, err)
	}
	var lines []string
	for i := 0; i < out.Batch.Len; i++ {
		var cells []string
		for _, v := range out.Batch.Row(i) {
			cells = append(cells, v.String())
		}
		lines = append(lines, strings.Join(cells, ", "))
	}
	return strings.Join(lines, "\n")
}

func TestFolderBecomesTablesAndViews(t *testing.T) {
	res, _ := loadDir(t, map[string]string{
		"logs/auth.log":          sshdLines,
		"entra/export.ndjson":    signins,
		"transfers.csv":          "timestamp,user_id,bytes_transferred\n2026-11-02T10:00:00Z,u1,100\n",
		".hidden/ignored.ndjson": signins,
		"notes.bin":              "\x00\x01\x02 not a log",
	})
	names := strings.Join(res.Catalog.Names(), ",")
	for _, want := range []string{"SigninLogs", "Syslog", "transfers", "imDataTransfer"} {
		if !strings.Contains(","+names+",", ","+want+",") {
			t.Errorf("catalog %s lacks %s", names, want)
		}
	}
	got := query(t, res, "imAuthentication | summarize n = count() by EventProduct, EventResult | sort by EventProduct asc, EventResult asc")
	want := `"AAD", "Failure", 1` + "\n" + `"AAD", "Success", 1` + "\n" + `"OpenSSH", "Failure", 2` + "\n" + `"OpenSSH", "Success", 1`
	if got != want {
		t.Errorf("imAuthentication by product:\n%s\nwant:\n%s", got, want)
	}
	skipped := 0
	for _, f := range res.Files {
		if f.Skipped != "" {
			skipped++
			if !strings.HasSuffix(f.Path, "notes.bin") {
				t.Errorf("unexpected skip: %+v", f)
			}
		}
		if strings.Contains(f.Path, ".hidden") {
			t.Errorf("hidden file loaded: %s", f.Path)
		}
	}
	if skipped != 1 {
		t.Errorf("skipped %d files, want 1 (notes.bin): %+v", skipped, res.Files)
	}
}

func TestViewParameters(t *testing.T) {
	res, _ := loadDir(t, map[string]string{"auth.log": sshdLines})
	got := query(t, res, `imAuthentication(targetusername_has="root") | project TargetUsername, SrcIpAddr`)
	if got != `"root", "203.0.113.9"` {
		t.Errorf("targetusername_has filter: %s", got)
	}
	got = query(t, res, `imAuthentication(datetime(2026-11-02 03:14:08), datetime(2026-11-02 03:14:30)) | count`)
	if got != "1" {
		t.Errorf("time filter: %s", got)
	}
}

func TestIdentifier(t *testing.T) {
	for in, want := range map[string]string{
		"/x/transfers.csv":         "transfers",
		"/x/sign-ins.2026.json.gz": "sign_ins_2026",
		"/x/2026-export.csv":       "_2026_export",
	} {
		if got := identifier(in); got != want {
			t.Errorf("identifier(%q) = %q, want %q", in, got, want)
		}
	}
}
