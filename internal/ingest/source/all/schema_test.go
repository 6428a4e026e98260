package all

import (
	"strings"
	"testing"

	"quarry/internal/column"
	"quarry/internal/ingest/source"
	"quarry/internal/normalize"
	"quarry/internal/table"
)

// TestDocumentedSchemas checks that every column a family writes to a
// documented Log Analytics table (or the imAuthentication view) exists in
// that table's documented schema with the same type.
func TestDocumentedSchemas(t *testing.T) {
	inputs := map[string]string{
		"syslog":     "Dec 10 06:55:46 h sshd[1]: x\n",
		"winevent":   `{"EventID":4625,"Channel":"Security","TimeGenerated":"2020-01-01T00:00:00Z"}` + "\n",
		"cloudtrail": `{"eventTime":"2020-01-01T00:00:00Z","eventSource":"s","eventName":"n"}` + "\n",
		"entra": `{"category":"SignInLogs","time":"2020-01-01T00:00:00Z","properties":{}}` + "\n" +
			`{"category":"NonInteractiveUserSignInLogs","time":"2020-01-01T00:00:00Z","properties":{}}` + "\n",
	}
	for name, in := range inputs {
		fam, ok := source.Lookup(name)
		if !ok {
			t.Fatalf("family %s not registered", name)
		}
		sink := source.NewSink(true)
		if err := fam.Read(strings.NewReader(in), name, source.Options{Year: 2020}, sink); err != nil {
			t.Fatal(err)
		}
		for _, tab := range sink.Tables() {
			checkAgainstDoc(t, tab.Name(), tab.Schema())
		}
	}
	checkAgainstDoc(t, normalize.AuthTable, normalize.AuthSchema)
}

func checkAgainstDoc(t *testing.T, name string, got column.Schema) {
	t.Helper()
	doc, ok := table.KnownSchema(name)
	if !ok {
		t.Errorf("%s: no documented schema", name)
		return
	}
	for _, f := range got {
		i := doc.Index(f.Name)
		switch {
		case i < 0:
			t.Errorf("%s.%s: not a documented column", name, f.Name)
		case doc[i].Type != f.Type:
			t.Errorf("%s.%s: type %s, documented %s", name, f.Name, f.Type, doc[i].Type)
		}
	}
}
