package winevent

import (
	"io"
	"strings"

	"quarry/internal/ingest/source"
)

// Family is the Windows event (JSON) source family.
type Family struct{}

func init() { source.Register(Family{}) }

// Name returns "winevent".
func (Family) Name() string { return "winevent" }

// Sniff looks for JSON records with an event ID and Windows event fields:
// 95 for Winlogbeat's winlog object, 90 for flat events with a channel or
// provider, 85 for Sentinel SecurityEvent exports (which the generic
// reader also handles), 0 otherwise.
func (Family) Sniff(head []byte) int {
	h, ok := source.JSONHead(head)
	if !ok {
		return 0
	}
	s := string(h)
	hasID := strings.Contains(s, `"EventID"`) || strings.Contains(s, `"event_id"`)
	switch {
	case !hasID:
		return 0
	case strings.Contains(s, `"winlog"`):
		return 95
	case strings.Contains(s, `"Channel"`) && (strings.Contains(s, `"Provider.Name"`) || strings.Contains(s, `"SourceName"`) || strings.Contains(s, `"Computer"`) || strings.Contains(s, `"Hostname"`)):
		return 90
	case strings.Contains(s, `"TargetUserName"`) || strings.Contains(s, `"SubjectUserSid"`) || strings.Contains(s, `"LogonType"`):
		return 85
	}
	return 0
}

// Read parses JSON events into SecurityEvent and WindowsEvent.
func (Family) Read(r io.Reader, file string, opt source.Options, sink *source.Sink) error {
	rd := newReader(file, opt, sink)
	return source.JSONRecords(r, file, sink, []string{"Records", "records", "value", "events"}, rd.record)
}
