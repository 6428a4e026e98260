package hunt_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"quarry/internal/hunt"
)

// datasets returns $QUARRY_DATASETS or skips the test.
func datasets(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("QUARRY_DATASETS")
	if dir == "" {
		t.Skip("QUARRY_DATASETS not set; point it at shared/datasets to run the public-dataset tests")
	}
	return dir
}

// namedIPs returns the IPs named by alerts of the given classifications.
func namedIPs(alerts []*hunt.Alert, classes ...string) map[string]bool {
	out := map[string]bool{}
	for _, a := range alerts {
		for _, c := range classes {
			if a.Classification != c {
				continue
			}
			for _, e := range a.Entities {
				if e.Type == "IP" {
					out[e.Value] = true
				}
			}
		}
	}
	return out
}

// TestDatasetSSHBruteForce: the brute-forcing addresses of the public
// sshd logs are named by brute-force or stuffing alerts (every address
// with 17 or more failed passwords in loghub's OpenSSH_2k; the planted
// 24.151.103.17 in Elastic's auth.log, whose later success is a takeover).
func TestDatasetSSHBruteForce(t *testing.T) {
	dir := datasets(t)
	rs := builtinRules(t)
	res := huntFiles(t, rs, filepath.Join(dir, "loghub", "OpenSSH_2k.log"))
	ips := namedIPs(res.Alerts, "brute_force", "credential_stuffing")
	for _, ip := range []string{"183.62.140.253", "187.141.143.180", "103.99.0.122", "112.95.230.3", "5.188.10.180", "185.190.58.151"} {
		if !ips[ip] {
			t.Errorf("OpenSSH_2k: %s not named by a brute-force or stuffing alert", ip)
		}
	}
	res = huntFiles(t, rs, filepath.Join(dir, "elastic-examples", "ssh-auth-bruteforce", "auth.log"))
	if !namedIPs(res.Alerts, "brute_force")["24.151.103.17"] {
		t.Error("elastic auth.log: 24.151.103.17 not named by a brute-force alert")
	}
	if !namedIPs(res.Alerts, "account_takeover")["24.151.103.17"] {
		t.Error("elastic auth.log: the success of 24.151.103.17 after its brute force is not an account takeover")
	}
}

// TestDatasetWindowsPasswordSpray: the OTRF PurpleSharp domain password
// spray (7 accounts, one bad password each, from WORKSTATION5) raises a
// password-spray alert against 7 accounts. Each account fails twice, as
// 4625 (`theshire.local\user`) and 4776 (bare `user`); the rules count
// accounts by AdditionalFields.TargetAccountKey, so the two are one account
// (counting TargetUsername said 14).
func TestDatasetWindowsPasswordSpray(t *testing.T) {
	dir := datasets(t)
	res := huntFiles(t, builtinRules(t), filepath.Join(dir, "otrf-security-datasets", "windows-purplesharp-password-spray"))
	for _, a := range res.Alerts {
		if a.Classification == "password_spray" && strings.Contains(a.Title, "WORKSTATION5") {
			if !strings.Contains(a.Title, "against 7 accounts") {
				t.Errorf("the spray alert does not count 7 accounts: %s", a.Title)
			}
			return
		}
	}
	t.Errorf("no password-spray alert; got %d alerts", len(res.Alerts))
}

// TestDatasetBenignEntra: the benign Entra ID sign-ins of msticpy raise
// nothing.
func TestDatasetBenignEntra(t *testing.T) {
	dir := datasets(t)
	res := huntFiles(t, builtinRules(t), filepath.Join(dir, "msticpy-testdata", "aad_signinlogs.jsonl"))
	for _, a := range res.Alerts {
		t.Errorf("benign sign-ins raised %s: %s", a.RuleID, a.Title)
	}
}

// TestDatasetKerberosPasswordSpray: the EVTX-ATTACK-SAMPLES Kerberos spray
// from 172.16.66.1 (4768 status 0x6 for seven unknown principals, 4771
// status 0x18 for Administrator and backdoor, within a second) is one
// password-spray alert naming the source and all nine accounts, not
// credential stuffing (nine guessed names are no breach list), and the
// following successful 4768 of `normal` from the same source is an account
// takeover.
func TestDatasetKerberosPasswordSpray(t *testing.T) {
	dir := datasets(t)
	res := huntFiles(t, builtinRules(t), filepath.Join(dir, "evtx-attack-samples", "kerberos_pwd_spray_4771.jsonl"))
	const src = "172.16.66.1"
	sprays := 0
	for _, a := range res.Alerts {
		switch a.Classification {
		case "password_spray":
			sprays++
			if !namedIPs([]*hunt.Alert{a}, "password_spray")[src] {
				t.Errorf("the spray alert does not name %s: %s", src, a.Title)
			}
			accounts := 0
			for _, e := range a.Entities {
				if e.Type == "Account" {
					accounts++
				}
			}
			if accounts != 9 {
				t.Errorf("the spray alert names %d accounts, want 9 (7 unknown principals, Administrator, backdoor)", accounts)
			}
		case "account_takeover":
			var ok bool
			for _, e := range a.Entities {
				if e.Type == "Account" && strings.HasSuffix(strings.ToLower(e.Value), `\normal`) {
					ok = true
				}
			}
			if !ok || !namedIPs([]*hunt.Alert{a}, "account_takeover")[src] {
				t.Errorf("unexpected takeover alert: %s", a.Title)
			}
		case "credential_stuffing", "distributed_credential_stuffing":
			t.Errorf("the Kerberos spray is classified %s: %s", a.Classification, a.Title)
		}
	}
	if sprays != 1 {
		t.Errorf("%d password-spray alerts, want 1; got %d alerts", sprays, len(res.Alerts))
	}
	if !namedIPs(res.Alerts, "account_takeover")[src] {
		t.Errorf("the success of THREEBEESCO.COM\\normal from %s after the spray is not an account takeover", src)
	}
}
