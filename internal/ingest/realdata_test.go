package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// datasets returns the QUARRY_DATASETS directory or skips the test.
func datasets(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("QUARRY_DATASETS")
	if dir == "" {
		t.Skip("QUARRY_DATASETS not set; skipping real-data test")
	}
	return dir
}

func TestRealData(t *testing.T) {
	dir := datasets(t)
	cases := []struct {
		table, path, format string
		rows                int
		cols                []string
		first               string // rendered first row of cols, "" = not checked
	}{
		{"SigninLogs", "msticpy-testdata/aad_signinlogs.jsonl", "ndjson", 86,
			[]string{"TimeGenerated", "ResultType", "UserPrincipalName", "Type"}, ""},
		{"GraphSignIns", "microsoft-graph-docs/signin_list_v1_example.json", "json-envelope (value)", 1,
			[]string{"createdDateTime", "userPrincipalName", "status"},
			`2020-03-13T19:15:41.6195833Z | "testaccount1@contoso.com" | {"additionalDetails":null,"errorCode":0,"failureReason":null}`},
		{"AzureDiag", "elastic-integrations/azure_signinlogs_raw.jsonl", "ndjson", 5,
			[]string{"category", "properties"}, ""},
		{"CloudTrail", "otrf-security-datasets/aws-cloudtrail-s3-exfil/ec2_proxy_s3_exfiltration_2020-09-14011940.json", "ndjson", 103,
			[]string{"eventName", "sourceIPAddress", "userIdentity"}, ""},
		{"NSGFlows", "msticpy-testdata/azure_nsg_flows.csv", "csv (delimiter ',')", 460,
			[]string{"TimeGenerated", "VMName", "DestPort", "AllowedOutFlows"}, ""},
		{"AWSCloudTrail", "azure-sentinel-sample-data/AWS_CloudTrail_Authentication_IngestedLogs.excerpt.csv", "csv (delimiter ',')", 6,
			[]string{"TimeGenerated", "EventName", "UserIdentityAccountId", "ResponseElements", "Type"},
			`2025-04-21T09:45:54Z | "ConsoleLogin" | "072643944673" | "{\"ConsoleLogin\":\"Success\"}" | "AWSCloudTrail"`},
		{"PurpleSharp", "otrf-security-datasets/windows-purplesharp-password-spray/purplesharp_ad_playbook_I_2020-10-22042947.json.gz", "ndjson+gzip", 25993,
			[]string{"@timestamp", "EventID", "TargetUserName"}, ""},
	}
	for _, c := range cases {
		t.Run(c.table, func(t *testing.T) {
			ft, err := NewFileTable(c.table, []string{filepath.Join(dir, c.path)}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := ft.Files()[0].Format.String(); got != c.format {
				t.Errorf("format %s, want %s", got, c.format)
			}
			for _, workers := range []int{1, 4} {
				res := scanTable(t, ft, c.cols, workers)
				if len(res.rows) != c.rows {
					t.Errorf("workers=%d: %d rows, want %d", workers, len(res.rows), c.rows)
				}
				if len(res.bad) > 0 {
					t.Errorf("workers=%d: %d bad records, first: %s", workers, len(res.bad), res.bad[0])
				}
				if c.first != "" && workers == 1 && len(res.rows) > 0 && res.rows[0] != c.first {
					t.Errorf("first row\n%s\nwant\n%s", res.rows[0], c.first)
				}
			}
		})
	}
}

func TestRealSigninLogs(t *testing.T) {
	dir := datasets(t)
	ft, err := NewFileTable("SigninLogs", []string{filepath.Join(dir, "msticpy-testdata/aad_signinlogs.jsonl")}, Options{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	s := ft.Schema()
	for col, typ := range map[string]string{"ResultType": "string", "LocationDetails": "dynamic", "TimeGenerated": "datetime", "TenantId": "string", "Latitude": "real"} {
		if i := s.Index(col); i < 0 || s[i].Type.String() != typ {
			t.Errorf("column %s: want %s in %s", col, typ, s)
		}
	}
	res := scanTable(t, ft, []string{"ResultType", "LocationDetails"}, 2)
	failures := 0
	for _, r := range res.rows {
		if strings.HasPrefix(r, `"90072"`) {
			failures++
		}
		if !strings.Contains(r, `"countryOrRegion"`) {
			t.Errorf("LocationDetails not decoded as dynamic: %s", r)
			break
		}
	}
	if failures != 2 {
		t.Errorf("%d rows with ResultType 90072, want 2", failures)
	}
}
