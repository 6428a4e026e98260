package winevent

import (
	"strconv"
	"strings"

	"quarry/internal/column"
	"quarry/internal/ingest/source"
)

type reader struct {
	file string
	opt  source.Options
	sink *source.Sink
	sec  *source.Builder
	win  *source.Builder
	srow *source.Row
	wrow *source.Row
}

func newReader(file string, opt source.Options, sink *source.Sink) *reader {
	rd := &reader{file: file, opt: opt, sink: sink}
	rd.sec = sink.Table(SecurityTable, Schema)
	rd.win = sink.Table(WindowsTable, WindowsSchema)
	rd.srow = source.NewRow(rd.sec.Schema())
	rd.wrow = source.NewRow(rd.win.Schema())
	return rd
}

// event is one input record reduced to its common parts.
type event struct {
	id       int64
	ticks    int64
	computer string
	channel  string
	provider string
	record   string
	data     map[string]any // event data fields plus flat top-level keys
}

func (rd *reader) record(m map[string]any, pos int) error {
	ev, why := rd.decode(m)
	if why != "" {
		return rd.sink.Bad(rd.file, pos, "not a Windows event: %s", why)
	}
	if isSecurity(ev) {
		rd.security(ev)
	} else {
		rd.windows(ev)
	}
	return nil
}

// decode reads the fields every input shape has under different names.
func (rd *reader) decode(m map[string]any) (*event, string) {
	wl, _ := m["winlog"].(map[string]any)
	ev := &event{data: flatData(m, wl)}
	id, ok := source.Convert(firstOf(m["EventID"], get(wl, "event_id"), get(m["event"], "code")), column.Long)
	if !ok {
		return nil, "no EventID"
	}
	ev.id = id.I
	ts := firstOf(m["TimeGenerated"], m["@timestamp"], m["TimeCreated.SystemTime"], m["TimeCreated"], m["TimeCreatedUtc"], m["EventTime"])
	t, ok := timeOf(ts, rd.opt)
	if !ok {
		return nil, "no timestamp"
	}
	ev.ticks = t
	ev.computer = text(firstOf(m["Computer"], m["Hostname"], get(wl, "computer_name"), get(m["host"], "name")))
	ev.channel = text(firstOf(m["Channel"], get(wl, "channel")))
	ev.provider = text(firstOf(m["EventSourceName"], m["SourceName"], m["Provider.Name"], get(wl, "provider_name")))
	ev.record = text(firstOf(m["EventRecordId"], m["EventRecordID"], m["RecordNumber"], get(wl, "record_id")))
	return ev, ""
}

func timeOf(x any, opt source.Options) (int64, bool) {
	if s, ok := x.(string); ok {
		return source.ParseTime(s, opt.Loc())
	}
	v, ok := source.Convert(x, column.DateTime)
	return v.I, ok
}

// flatData merges the event data of every shape: top-level keys (flat
// shapes), EventData when it is an object, and winlog.event_data.
func flatData(m, wl map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if !transport[k] {
			out[k] = v
		}
	}
	for _, sub := range []any{m["EventData"], get(wl, "event_data")} {
		if d, ok := sub.(map[string]any); ok {
			delete(out, "EventData")
			for k, v := range d {
				out[k] = v
			}
		}
	}
	return out
}

// isSecurity reports whether the event belongs to SecurityEvent: the
// Security channel or the security auditing provider; a record with no
// channel and no provider (a Sentinel export) counts as Security.
func isSecurity(ev *event) bool {
	switch {
	case strings.EqualFold(ev.channel, "Security"):
		return true
	case strings.EqualFold(ev.provider, "Microsoft-Windows-Security-Auditing"):
		return true
	}
	return ev.channel == "" && ev.provider == ""
}

// security appends a SecurityEvent row.
func (rd *reader) security(ev *event) {
	row := rd.srow
	row.Reset()
	rest := map[string]any{}
	for k, v := range ev.data {
		if !row.Set(k, v) && !row.Has(k) {
			rest[k] = v
		}
	}
	row.SetValue("TimeGenerated", column.DateTimeTicks(ev.ticks))
	row.SetValue("EventID", column.IntValue(ev.id))
	row.Set("Computer", ev.computer)
	row.Set("Channel", first(ev.channel, "Security"))
	row.Set("EventSourceName", first(ev.provider, "Microsoft-Windows-Security-Auditing"))
	row.Set("EventRecordId", ev.record)
	row.Set("SourceSystem", first(text(ev.data["SourceSystem"]), "OpsManager"))
	row.Set("Type", SecurityTable)
	derive(row, ev)
	if len(rest) > 0 && row.Get("EventData").S == "" {
		row.Set("EventData", rest)
	}
	rd.sec.Append(row.Values())
}

// derive fills the agent-derived columns the input may lack.
func derive(row *source.Row, ev *event) {
	if row.Get("Activity").S == "" {
		if a, ok := activities[ev.id]; ok {
			row.Set("Activity", strconv.FormatInt(ev.id, 10)+" - "+a)
		}
	}
	subject := account(row.Get("SubjectDomainName").S, row.Get("SubjectUserName").S)
	target := account(row.Get("TargetDomainName").S, row.Get("TargetUserName").S)
	setIfEmpty(row, "SubjectAccount", subject)
	setIfEmpty(row, "TargetAccount", target)
	setIfEmpty(row, "Account", first(target, subject))
	if lt := row.Get("LogonType"); !lt.IsNull() && row.Get("LogonTypeName").S == "" {
		if name, ok := logonTypeNames[lt.I]; ok {
			row.Set("LogonTypeName", strconv.FormatInt(lt.I, 10)+" - "+name)
		}
	}
	if row.Get("AccountType").S == "" && strings.HasSuffix(row.Get("TargetUserName").S, "$") {
		row.Set("AccountType", "Machine")
	} else if row.Get("AccountType").S == "" && row.Get("TargetUserName").S != "" {
		row.Set("AccountType", "User")
	}
}

func account(domain, user string) string {
	if user == "" || user == "-" {
		return ""
	}
	if domain == "" || domain == "-" {
		return user
	}
	return domain + `\` + user
}

func setIfEmpty(row *source.Row, name, v string) {
	if row.Get(name).S == "" && v != "" {
		row.Set(name, v)
	}
}

// windows appends a WindowsEvent row.
func (rd *reader) windows(ev *event) {
	row := rd.wrow
	row.Reset()
	row.SetValue("TimeGenerated", column.DateTimeTicks(ev.ticks))
	row.SetValue("EventID", column.IntValue(ev.id))
	row.Set("Computer", ev.computer)
	row.Set("Channel", ev.channel)
	row.Set("Provider", ev.provider)
	row.Set("EventRecordId", ev.record)
	row.Set("EventLevel", ev.data["Level"])
	row.Set("Task", ev.data["Task"])
	delete(ev.data, "Level")
	delete(ev.data, "Task")
	delete(ev.data, "Channel")
	delete(ev.data, "Computer")
	delete(ev.data, "EventID")
	row.Set("EventData", ev.data)
	row.Set("Type", WindowsTable)
	rd.win.Append(row.Values())
}

func get(x any, key string) any {
	if m, ok := x.(map[string]any); ok {
		return m[key]
	}
	return nil
}

func firstOf(xs ...any) any {
	for _, x := range xs {
		if x != nil && x != "" {
			return x
		}
	}
	return nil
}

func text(x any) string { return source.Text(x) }

func first(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
