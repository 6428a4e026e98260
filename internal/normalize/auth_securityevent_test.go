package normalize

import (
	"path/filepath"
	"strings"
	"testing"

	"quarry/internal/ingest/winevent"
)

// TestSecurityEventAccounts checks the ASIM username forms and quarry's
// stable key (AdditionalFields.TargetAccountKey) across event IDs that
// name the same account differently.
func TestSecurityEventAccounts(t *testing.T) {
	in := `{"EventID":4625,"TimeGenerated":"2020-01-01T00:00:00Z","Computer":"WS5","TargetUserName":"PGustavo","TargetDomainName":"theshire.local","TargetUserSid":"S-1-0-0","Status":"0xc000006d","SubStatus":"0xc000006a"}
{"EventID":4776,"TimeGenerated":"2020-01-01T00:00:01Z","Computer":"DC","TargetUserName":"pgustavo","Status":"0xc000006a"}
{"EventID":4624,"TimeGenerated":"2020-01-01T00:00:02Z","Computer":"WS5","TargetUserName":"pgustavo","TargetDomainName":"THESHIRE","TargetUserSid":"S-1-5-21-1-2-3-1104"}
{"EventID":4768,"TimeGenerated":"2020-01-01T00:00:03Z","Computer":"DC","TargetUserName":"HD01","TargetDomainName":"CORP.COM","TargetSid":"S-1-0-0","ServiceName":"krbtgt/CORP.COM","Status":"0x6"}
{"EventID":4771,"TimeGenerated":"2020-01-01T00:00:04Z","Computer":"DC","TargetUserName":"Administrator","TargetSid":"S-1-5-21-1-2-3-500","ServiceName":"krbtgt/CORP.COM","Status":"0x18"}
{"EventID":4625,"TimeGenerated":"2020-01-01T00:00:05Z","Computer":"WS5","TargetUserName":"sue@corp.com","TargetDomainName":"-","Status":"0xc000006d","SubStatus":"0xc000006a"}
{"EventID":4625,"TimeGenerated":"2020-01-01T00:00:06Z","Computer":"WS5","TargetUserName":"-","TargetDomainName":"-","Status":"0xc000006d","SubStatus":"0xc0000064"}
`
	got := authRows(t, catalogOf(t, winevent.Family{}, in),
		"TargetUsername", "TargetUsernameType", "TargetDomain", "TargetUserId", "AdditionalFields")
	want := `theshire.local\PGustavo|Windows|theshire.local||{"TargetAccountKey":"pgustavo","TargetDomainType":"FQDN"}
pgustavo|Simple|||{"TargetAccountKey":"pgustavo"}
THESHIRE\pgustavo|Windows|THESHIRE|S-1-5-21-1-2-3-1104|{"TargetAccountKey":"pgustavo","TargetDomainType":"Windows"}
CORP.COM\HD01|Windows|CORP.COM||{"TargetAccountKey":"hd01","TargetDomainType":"FQDN"}
Administrator|Simple|CORP.COM|S-1-5-21-1-2-3-500|{"TargetAccountKey":"administrator","TargetDomainType":"FQDN"}
sue@corp.com|Simple|||{"TargetAccountKey":"sue"}
||||
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestAccountKey(t *testing.T) {
	for in, want := range map[string]string{
		`THESHIRE\pgustavo`: "pgustavo", "PGustavo@theshire.local": "pgustavo", "PGustavo": "pgustavo",
		"MORDORDC$": "mordordc$", "": "", "@odd": "@odd",
	} {
		if got := accountKey(in); got != want {
			t.Errorf("accountKey(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDatasetAccountKeys checks on the public samples that every
// Windows/Simple spelling of an account gets one key.
func TestDatasetAccountKeys(t *testing.T) {
	dir := datasets(t)
	for _, tc := range []struct {
		file string
		keys map[string]int // key -> distinct TargetUsername spellings among auth failures
	}{
		{"evtx-attack-samples/kerberos_pwd_spray_4771.jsonl", map[string]int{"hd01": 1, "administrator": 1, "backdoor": 1}},
		{"otrf-security-datasets/windows-purplesharp-password-spray/purplesharp_ad_playbook_I_2020-10-22042947.json.gz",
			map[string]int{"pgustavo": 2, "lrodriguez": 2, "nxlogsvc": 2}},
	} {
		cat := catalogOf(t, winevent.Family{}, readData(t, filepath.Join(dir, tc.file)))
		m, err := Authentication(cat)
		if err != nil {
			t.Fatal(err)
		}
		names := map[string]map[string]bool{}
		for _, b := range m.Batches() {
			for i := 0; i < b.Len; i++ {
				get := func(c string) string { return b.Cols[m.Schema().Index(c)].Value(i).Text() }
				if get("EventResult") != "Failure" {
					continue
				}
				af := get("AdditionalFields")
				k := af[strings.Index(af, `"TargetAccountKey":"`)+len(`"TargetAccountKey":"`):]
				k = k[:strings.IndexByte(k, '"')]
				if names[k] == nil {
					names[k] = map[string]bool{}
				}
				names[k][get("TargetUsername")] = true
			}
		}
		for k, n := range tc.keys {
			if len(names[k]) != n {
				t.Errorf("%s: key %q has spellings %v, want %d", tc.file, k, names[k], n)
			}
		}
	}
}
