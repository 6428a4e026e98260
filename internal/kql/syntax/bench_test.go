package syntax

import "testing"

func benchmarkParse(b *testing.B, name string) {
	src := readFile(b, name)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	b.Run("seed", func(b *testing.B) { benchmarkParse(b, "testdata/seed.kql") })
	b.Run("log4j_ip_ioc", func(b *testing.B) { benchmarkParse(b, "testdata/sentinel/log4j_ip_ioc.kql") })
}

func BenchmarkFormat(b *testing.B) {
	q := mustParse(b, "log4j", readFile(b, "testdata/sentinel/log4j_ip_ioc.kql"))
	b.ReportAllocs()
	for b.Loop() {
		_ = Format(q)
	}
}
