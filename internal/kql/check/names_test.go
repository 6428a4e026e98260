package check

import "testing"

func TestSuggest(t *testing.T) {
	cands := []string{"UserPrincipalName", "IPAddress", "TimeGenerated"}
	if got := suggest("UserPrincipleName", cands); got != "; did you mean 'UserPrincipalName'?" {
		t.Errorf("got %q", got)
	}
	if got := suggest("Zebra", cands); got != "" {
		t.Errorf("got %q", got)
	}
}

func TestMatchWildcard(t *testing.T) {
	for _, c := range []struct {
		pat, name string
		want      bool
	}{
		{"a*", "ab", true}, {"*1", "Key1", true}, {"*1", "Key", false}, {"a*c", "abc", true},
		{"a*c", "abd", false}, {"x", "x", true}, {"*", "anything", true},
	} {
		if got := matchWildcard(c.pat, c.name); got != c.want {
			t.Errorf("matchWildcard(%q, %q) = %v", c.pat, c.name, got)
		}
	}
}

func TestUniqueName(t *testing.T) {
	taken := map[string]bool{"Key": true, "Key1": true}
	if got := uniqueName("Key", func(s string) bool { return taken[s] }); got != "Key2" {
		t.Errorf("got %s", got)
	}
}
