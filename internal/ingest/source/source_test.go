package source

import (
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"quarry/internal/column"
)

func TestLines(t *testing.T) {
	in := "a\r\nbb\n\nccc"
	var got []string
	err := Lines(iotest.OneByteReader(strings.NewReader(in)), func(no int, l string) error {
		got = append(got, strings.Repeat("#", no)+l)
		return nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := "#a|##bb|###|####ccc"; strings.Join(got, "|") != want {
		t.Errorf("got %q, want %q", strings.Join(got, "|"), want)
	}
}

func TestLinesAcrossBlocks(t *testing.T) {
	line := strings.Repeat("x", 1000)
	in := strings.Repeat(line+"\n", 3000)
	n := 0
	err := Lines(strings.NewReader(in), func(_ int, l string) error {
		if l != line {
			t.Fatalf("line %d broken: %d bytes", n, len(l))
		}
		n++
		return nil
	}, nil)
	if err != nil || n != 3000 {
		t.Fatalf("n=%d err=%v", n, err)
	}
}

func TestJSONRecordShapes(t *testing.T) {
	cases := map[string]string{
		"ndjson":  "{\"a\":1}\n\n{\"a\":2}\nnot json\n",
		"array":   "[{\"a\":1},\n{\"a\":2}, 3]",
		"wrapper": "{\n \"Records\": [{\"a\":1},{\"a\":2}],\n \"x\": 1\n}",
		"oneline": `{"Records":[{"a":1},{"a":2}]}`,
		"object":  "{\n\"a\": 1\n}\n{\n\"a\": 2\n}",
		"broken":  "[{\"a\":1},{\"a\":",
	}
	want := map[string]string{
		"ndjson":  "1,2, bad 1",
		"array":   "1,2, bad 1",
		"wrapper": "1,2, bad 0",
		"oneline": "1,2, bad 0",
		"object":  "1,2, bad 0",
		"broken":  "1, bad 1",
	}
	for name, in := range cases {
		sink := NewSink(false)
		var got []string
		err := JSONRecords(strings.NewReader(in), name, sink, []string{"Records"}, func(m map[string]any, _ int) error {
			got = append(got, Text(m["a"]))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if s := strings.Join(got, ",") + ", bad " + Text(int64(sink.BadCount())); s != want[name] {
			t.Errorf("%s: got %q, want %q", name, s, want[name])
		}
	}
}

func TestStrictSink(t *testing.T) {
	sink := NewSink(true)
	err := JSONRecords(strings.NewReader("{}\nnope\n{}"), "f.json", sink, nil, func(map[string]any, int) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "f.json:2:") {
		t.Fatalf("want an error naming f.json:2, got %v", err)
	}
}

func TestConvert(t *testing.T) {
	cases := []struct {
		in   any
		typ  column.Type
		want string
	}{
		{"42", column.Int, "42"},
		{"0x18", column.Long, "24"},
		{float64(3), column.Long, "3"},
		{3.5, column.Long, "null"},
		{"T", column.Bool, "true"},
		{map[string]any{"b": int64(1), "a": "x"}, column.String, `"{\"a\":\"x\",\"b\":1}"`},
		{"2019-10-18T04:45:48.0729893-05:00", column.DateTime, "2019-10-18T09:45:48.0729893Z"},
		{"2020-07-22 20:29:36.414827", column.DateTime, "2020-07-22T20:29:36.414827Z"},
		{1521911799.739898, column.DateTime, "2018-03-24T17:16:39.739898Z"},
		{nil, column.String, `""`},
	}
	for _, c := range cases {
		v, _ := Convert(c.in, c.typ)
		if got := v.String(); got != c.want {
			t.Errorf("Convert(%v, %s) = %s, want %s", c.in, c.typ, got, c.want)
		}
	}
}

type fakeFamily struct {
	name string
	conf int
}

func (f fakeFamily) Name() string                                 { return f.name }
func (f fakeFamily) Sniff([]byte) int                             { return f.conf }
func (f fakeFamily) Read(io.Reader, string, Options, *Sink) error { return nil }

func TestSniffPicksMostConfident(t *testing.T) {
	Register(fakeFamily{"zz-test-low", 30})
	Register(fakeFamily{"zz-test-high", 101})
	f, c := Sniff(nil)
	if f == nil || f.Name() != "zz-test-high" || c != 100 {
		t.Fatalf("got %v %d", f, c)
	}
	regMu.Lock()
	delete(registry, "zz-test-low")
	delete(registry, "zz-test-high")
	regMu.Unlock()
}
