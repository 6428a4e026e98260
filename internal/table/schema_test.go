package table

import (
	"strings"
	"testing"

	"quarry/internal/column"
)

func TestKnownSchemaTypes(t *testing.T) {
	cases := []struct {
		table, col string
		want       column.Type
	}{
		{"SigninLogs", "ResultType", column.String},
		{"SigninLogs", "LocationDetails", column.Dynamic},
		{"SigninLogs", "TimeGenerated", column.DateTime},
		{"SigninLogs", "Type", column.String},
		{"AADNonInteractiveUserSignInLogs", "LocationDetails", column.String},
		{"SecurityEvent", "EventID", column.Int},
		{"Syslog", "TimeGenerated", column.DateTime},
		{"AWSCloudTrail", "SourceIpAddress", column.String},
		{"imAuthentication", "EventCount", column.Int},
	}
	for _, c := range cases {
		s, ok := KnownSchema(c.table)
		if !ok {
			t.Fatalf("KnownSchema(%q) not found", c.table)
		}
		i := s.Index(c.col)
		if i < 0 {
			t.Errorf("%s has no column %s", c.table, c.col)
			continue
		}
		if got := s[i].Type; got != c.want {
			t.Errorf("%s.%s: got %s, want %s", c.table, c.col, got, c.want)
		}
	}
}

func TestKnownTables(t *testing.T) {
	got := strings.Join(KnownTables(), ",")
	want := "AADNonInteractiveUserSignInLogs,AWSCloudTrail,SecurityEvent,SigninLogs,Syslog,imAuthentication"
	if got != want {
		t.Fatalf("KnownTables() = %s, want %s", got, want)
	}
	if _, ok := KnownSchema("signinlogs"); ok {
		t.Error("table names must be case-sensitive")
	}
}

func TestKnownSchemaIsCopy(t *testing.T) {
	s, _ := KnownSchema("Syslog")
	s[0].Name = "changed"
	s2, _ := KnownSchema("Syslog")
	if s2[0].Name == "changed" {
		t.Fatal("KnownSchema returned shared storage")
	}
}

func TestAddStandard(t *testing.T) {
	s, err := parseSchemaCSV("X", "column,type,description\nA,long,a\n")
	if err != nil {
		t.Fatal(err)
	}
	if got := s.String(); got != "A:long, TimeGenerated:datetime, Type:string" {
		t.Fatalf("got %s", got)
	}
}
