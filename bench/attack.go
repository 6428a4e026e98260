package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"time"
)

// errEnough stops the sign-in generator once the file has its size.
var errEnough = errors.New("enough")

// injector sits between demo.WriteSignins and the file: it passes the
// background records through and, every so often, adds an attack burst
// built from real records of the stream (a failure and a success captured
// as templates), so that the file keeps the Log Analytics shape while the
// seed hunts find something. About 0.5% of the records are injected.
type injector struct {
	w       io.Writer
	limit   int64 // stop after this many bytes
	written int64
	records int
	pending []byte // an incomplete line from the last Write
	fail    []byte // template: a 50126 record
	ok      []byte // template: a successful record
	rnd     *rand.Rand
	nextAt  int // background record count at which the next burst starts
	serial  int
}

func newInjector(w io.Writer, limit int64) *injector {
	return &injector{w: w, limit: limit, rnd: rand.New(rand.NewPCG(7, 11)), nextAt: 500}
}

// Write splits p into lines and handles each complete one.
func (in *injector) Write(p []byte) (int, error) {
	n := len(p)
	buf := append(in.pending, p...)
	for {
		i := bytes.IndexByte(buf, '\n')
		if i < 0 {
			break
		}
		if err := in.line(buf[:i+1]); err != nil {
			return n, err
		}
		buf = buf[i+1:]
	}
	in.pending = append(in.pending[:0:0], buf...)
	return n, nil
}

// line writes one background record and maybe a burst after it.
func (in *injector) line(l []byte) error {
	in.capture(l)
	if err := in.emit(l); err != nil {
		return err
	}
	if in.records < in.nextAt || in.fail == nil || in.ok == nil {
		return nil
	}
	in.nextAt = in.records + 1000 + in.rnd.IntN(1000)
	at, err := time.Parse(time.RFC3339Nano, stringField(l, "TimeGenerated"))
	if err != nil {
		return fmt.Errorf("injector: %w", err)
	}
	return in.burst(at)
}

// capture keeps the first failure and the first success as templates.
func (in *injector) capture(l []byte) {
	switch {
	case in.fail == nil && bytes.Contains(l, []byte(`"ResultType":"50126"`)):
		in.fail = bytes.Clone(l)
	case in.ok == nil && bytes.Contains(l, []byte(`"ResultType":"0"`)):
		in.ok = bytes.Clone(l)
	}
}

func (in *injector) emit(l []byte) error {
	if in.written >= in.limit {
		return errEnough
	}
	if _, err := in.w.Write(l); err != nil {
		return err
	}
	in.written += int64(len(l))
	in.records++
	return nil
}

// burst writes either a stuffing burst (one address, one account, 6-12
// failures in three minutes, one in ten followed by a success) or a spray
// (one address, 15-30 accounts, one failure each in ten minutes).
func (in *injector) burst(at time.Time) error {
	in.serial++
	ip := fmt.Sprintf("185.220.%d.%d", 100+in.rnd.IntN(8), 1+in.rnd.IntN(250))
	if in.serial%3 == 0 {
		return in.spray(at, ip)
	}
	upn := fmt.Sprintf("user%04d@contoso-retail.eu", in.rnd.IntN(3000))
	n := 6 + in.rnd.IntN(7)
	for i := 0; i < n; i++ {
		if err := in.emit(in.record(in.fail, at.Add(time.Duration(i)*15*time.Second), ip, upn)); err != nil {
			return err
		}
	}
	if in.serial%10 == 1 {
		return in.emit(in.record(in.ok, at.Add(time.Duration(n)*15*time.Second), ip, upn))
	}
	return nil
}

func (in *injector) spray(at time.Time, ip string) error {
	n := 15 + in.rnd.IntN(16)
	for i := 0; i < n; i++ {
		upn := fmt.Sprintf("user%04d@contoso-retail.eu", in.rnd.IntN(3000))
		if err := in.emit(in.record(in.fail, at.Add(time.Duration(i)*20*time.Second), ip, upn)); err != nil {
			return err
		}
	}
	return nil
}

// record copies template with a new time, address, account and ids.
func (in *injector) record(template []byte, at time.Time, ip, upn string) []byte {
	ts := at.UTC().Format("2006-01-02T15:04:05.0000000Z")
	l := bytes.Clone(template)
	l = setStringField(l, "TimeGenerated", ts)
	l = setStringField(l, "CreatedDateTime", ts)
	l = setStringField(l, "IPAddress", ip)
	l = setStringField(l, "UserPrincipalName", upn)
	l = setStringField(l, "Id", in.uuid())
	return setStringField(l, "CorrelationId", in.uuid())
}

func (in *injector) uuid() string {
	a, b := in.rnd.Uint64(), in.rnd.Uint64()
	return fmt.Sprintf("%08x-%04x-4%03x-a%03x-%012x", a>>32, a>>16&0xffff, a&0xfff, b>>48&0xfff, b&0xffffffffffff)
}

// stringField returns the value of the first "key":"value" in a JSON line
// (top-level keys of the sign-in shape are unique and come first).
func stringField(l []byte, key string) string {
	start, end := fieldSpan(l, key)
	if start < 0 {
		return ""
	}
	return string(l[start:end])
}

// setStringField replaces the value of "key":"..." (a value without
// escapes).
func setStringField(l []byte, key, val string) []byte {
	start, end := fieldSpan(l, key)
	if start < 0 {
		return l
	}
	out := make([]byte, 0, len(l)+len(val))
	out = append(out, l[:start]...)
	out = append(out, val...)
	return append(out, l[end:]...)
}

// fieldSpan finds the bytes of the string value of key.
func fieldSpan(l []byte, key string) (int, int) {
	pat := []byte(`"` + key + `":"`)
	i := bytes.Index(l, pat)
	if i < 0 {
		return -1, -1
	}
	start := i + len(pat)
	j := bytes.IndexByte(l[start:], '"')
	if j < 0 {
		return -1, -1
	}
	return start, start + j
}
