package syslog

import (
	"fmt"
	"strings"
	"testing"

	"quarry/internal/ingest/source"
)

// readSequential reads in on the row-at-a-time path (the reference for
// the parallel one).
func readSequential(t testing.TB, in string, opt source.Options) *source.Sink {
	t.Helper()
	sink := source.NewSink(false)
	rd := newReader("test.log", opt, sink)
	if err := source.Lines(strings.NewReader(in), rd.line, source.TooLong(sink, "test.log")); err != nil {
		t.Fatal(err)
	}
	return sink
}

// readParallelChunks reads in on the parallel path with chunks of about
// size bytes.
func readParallelChunks(t testing.TB, in string, opt source.Options, size int) *source.Sink {
	t.Helper()
	defer func(old int) { chunkSize = old }(chunkSize)
	chunkSize = size
	sink := source.NewSink(false)
	if err := (Family{}).Read(strings.NewReader(in), "test.log", opt, sink); err != nil {
		t.Fatal(err)
	}
	return sink
}

// dumpExact renders every cell of every row with its type and nullness,
// then the record count and bad records.
func dumpExact(sink *source.Sink) string {
	var b strings.Builder
	for _, tab := range sink.Tables() {
		for _, batch := range tab.Batches() {
			for i := 0; i < batch.Len; i++ {
				for c, f := range tab.Schema() {
					v := batch.Cols[c].Value(i)
					fmt.Fprintf(&b, "%s:%v:%v:%s|", f.Name, v.Type, v.IsNull(), v.String())
				}
				b.WriteString("\n")
			}
		}
	}
	fmt.Fprintf(&b, "records %d bad %d\n", sink.Records(), sink.BadCount())
	for _, r := range sink.BadRecords() {
		b.WriteString(r.Error() + "\n")
	}
	return b.String()
}

// rolloverLog is a log over several new years, in every format the
// family reads, with blank, CRLF and bad lines.
func rolloverLog() string {
	months := []string{"Oct", "Nov", "Dec", "Jan", "Feb", "Dec", "Jan", "Jun", "Dec", "Jan"}
	var b strings.Builder
	n := 0
	for _, m := range months {
		for i := 0; i < 37; i++ {
			n++
			fmt.Fprintf(&b, "%s %2d %02d:%02d:%02d host%d sshd[%d]: Failed password for root from 10.0.%d.%d port %d ssh2\n",
				m, 1+i%28, i%24, i%60, n%60, n%3, 1000+n, n%256, i, 40000+n)
			switch i {
			case 5:
				b.WriteString("\n   \n")
			case 9:
				b.WriteString("not a syslog line at all\n")
			case 13:
				fmt.Fprintf(&b, "<38>%s  2 03:04:05 h su: FAILED su for root by bob\r\n", m)
			case 17:
				b.WriteString("<165>1 2003-10-11T22:14:15.003Z m app - ID47 - msg\n")
			case 21:
				b.WriteString(`{"__REALTIME_TIMESTAMP":"1700000000000000","MESSAGE":"hi","_HOSTNAME":"j","SYSLOG_IDENTIFIER":"sshd","_PID":"7"}` + "\n")
			case 25:
				b.WriteString("2024-01-02T03:04:05.123+00:00 isohost CRON[5]: (root) CMD (x)\n")
			case 29:
				// a line from the year before, right after a rollover
				fmt.Fprintf(&b, "Dec 31 23:59:59 h sshd[1]: late %d\n", n)
			}
		}
	}
	b.WriteString("Jan  3 00:00:00 h sshd[2]: no final newline")
	return b.String()
}

// TestParallelMatchesSequential checks that the parallel reader builds
// the table the sequential one builds, for chunk sizes that put chunk
// boundaries everywhere (including at year rollovers and lines from the
// year before).
func TestParallelMatchesSequential(t *testing.T) {
	in := rolloverLog()
	for _, opt := range []source.Options{{Year: 2023}, {Year: 0}} {
		want := dumpExact(readSequential(t, in, opt))
		if opt.Year != 0 && (!strings.Contains(want, "2024-01-01T") || !strings.Contains(want, "2025-01-")) {
			t.Fatalf("the test log should span several new years:\n%s", want)
		}
		for _, size := range []int{1, 50, 97, 200, 333, 1000, 4096, 1 << 20} {
			if got := dumpExact(readParallelChunks(t, in, opt, size)); got != want {
				t.Errorf("year %d, chunks of %d bytes: tables differ\n%s", opt.Year, size, firstDiff(got, want))
			}
		}
	}
}

// TestParallelSshd compares the two paths on a large sshd log.
func TestParallelSshd(t *testing.T) {
	in := sshdLines(50_000)
	opt := source.Options{Year: 2020}
	if got, want := dumpExact(readParallelChunks(t, in, opt, 64<<10)), dumpExact(readSequential(t, in, opt)); got != want {
		t.Errorf("tables differ\n%s", firstDiff(got, want))
	}
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < min(len(g), len(w)); i++ {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d:\n got  %s\n want %s", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("got %d lines, want %d", len(g), len(w))
}

// BenchmarkReadSequential is BenchmarkRead on the row-at-a-time path.
func BenchmarkReadSequential(b *testing.B) {
	in := sshdLines(400_000)
	b.SetBytes(int64(len(in)))
	for i := 0; i < b.N; i++ {
		readSequential(b, in, source.Options{Year: 2020})
	}
}

// FuzzParallel checks that the parallel reader, with chunks small enough
// to put boundaries anywhere, builds the table the sequential one builds
// (year inference across chunks, the column vectors carved per batch).
func FuzzParallel(f *testing.F) {
	f.Add(sshdLines(20), 333)
	f.Add("Dec 31 23:59:59 h a: x\n\n<13>1 - - - - \nJan  1 00:00:00 h b[1]: y\r\n", 3)
	f.Fuzz(func(t *testing.T, in string, size int) {
		size = 1 + int(uint(size)%4096)
		opt := source.Options{Year: 2023}
		if got, want := dumpExact(readParallelChunks(t, in, opt, size)), dumpExact(readSequential(t, in, opt)); got != want {
			t.Fatalf("chunks of %d bytes: tables differ\n%s", size, firstDiff(got, want))
		}
	})
}
