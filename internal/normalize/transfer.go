package normalize

import (
	"context"
	"fmt"
	"strings"

	"quarry/internal/column"
	"quarry/internal/ingest/source"
	"quarry/internal/table"
)

// TransferTable is the name of the data-transfer view. ASIM has no schema
// for data transfers or exfiltration: NetworkSession and WebSession carry
// byte counts per flow or request but not the account and the resource a
// bulk export is about. quarry names its view imDataTransfer after ASIM's
// im<Schema> convention, and uses ASIM field names where they exist
// (TimeGenerated, Type, EventProduct, EventVendor, SrcIpAddr, DstIpAddr).
const TransferTable = "imDataTransfer"

// TransferSchema is the schema of the data-transfer view. Directions are
// the account's: SrcIpAddr is the account's (client's) address, DstIpAddr
// the server's; BytesSent went from the client to the server (upload),
// BytesReceived from the server to the client (download, export).
var TransferSchema = column.Schema{
	{Name: "TimeGenerated", Type: column.DateTime},
	{Name: "Type", Type: column.String},
	{Name: "EventProduct", Type: column.String},
	{Name: "EventVendor", Type: column.String},
	{Name: "Operation", Type: column.String},
	{Name: "User", Type: column.String},
	{Name: "SrcIpAddr", Type: column.String},
	{Name: "DstIpAddr", Type: column.String},
	{Name: "DstPortNumber", Type: column.Int},
	{Name: "Resource", Type: column.String},
	{Name: "BytesSent", Type: column.Long},
	{Name: "BytesReceived", Type: column.Long},
}

// transfer is one row of the view.
type transfer struct {
	time                    int64
	typ, product, vendor    string
	op, user, src, dst, res string
	port                    int64
	sent, received          int64
}

type transferBuilder struct {
	b   *source.Builder
	row []column.Value
}

func (tb *transferBuilder) add(t *transfer) {
	port := column.NullOf(column.Int)
	if t.port > 0 {
		port = column.IntValue(t.port)
	}
	vals := []column.Value{
		column.DateTimeTicks(t.time), column.StringValue(t.typ), column.StringValue(t.product),
		column.StringValue(t.vendor), column.StringValue(t.op), column.StringValue(t.user),
		column.StringValue(t.src), column.StringValue(t.dst), port, column.StringValue(t.res),
		column.LongValue(t.sent), column.LongValue(t.received),
	}
	tb.row = append(tb.row[:0], vals...)
	tb.b.Append(tb.row)
}

// DataTransfer builds the imDataTransfer view from every transfer source
// in cat: generic tables with timestamp, user_id and bytes_transferred
// columns (any case), CloudTrail GetObject data events, Zeek conn logs,
// web access logs and Proxifier close lines.
func DataTransfer(cat table.Catalog) (*table.Memory, error) {
	return DataTransferContext(context.Background(), cat)
}

// DataTransferContext is DataTransfer with a context.
func DataTransferContext(ctx context.Context, cat table.Catalog) (*table.Memory, error) {
	return DataTransferColumns(ctx, cat, nil)
}

// DataTransferColumns builds the view's columns cols only (nil: all),
// reading only the source columns they are computed from, as
// AuthenticationColumns does: the same rows in the same order. The
// table's schema holds the distinct columns of cols in TransferSchema's
// order.
func DataTransferColumns(ctx context.Context, cat table.Catalog, cols []string) (*table.Memory, error) {
	var reads map[string]bool // transfer columns; nil: all
	if cols != nil {
		reads = map[string]bool{}
		for _, c := range cols {
			if TransferSchema.Index(c) < 0 {
				return nil, fmt.Errorf("%s: no column %q", TransferTable, c)
			}
			reads[c] = true
		}
	}
	tb := &transferBuilder{b: source.NewSink(false).Table(TransferTable, TransferSchema)}
	for _, name := range cat.Names() {
		t, ok := cat.Lookup(name)
		if !ok {
			continue
		}
		src, ok := transferSourceOf(name, t.Schema())
		if !ok {
			continue
		}
		if err := src.build(ctx, narrow(t, src.inputs.need(reads)), tb.add); err != nil {
			return nil, fmt.Errorf("normalize %s: %w", name, err)
		}
	}
	full := tb.b.Table()
	if reads == nil {
		return full, nil
	}
	var idx []int
	var schema column.Schema
	for i, f := range TransferSchema {
		if reads[f.Name] {
			idx = append(idx, i)
			schema = append(schema, f)
		}
	}
	var batches []*column.Batch
	for _, b := range full.Batches() {
		out := &column.Batch{Schema: schema, Cols: make([]*column.Vector, len(idx)), Len: b.Len}
		for k, i := range idx {
			out.Cols[k] = b.Cols[i]
		}
		batches = append(batches, out)
	}
	return table.NewMemory(TransferTable, schema, batches...), nil
}

// transferSource is how one source table becomes transfers: build reads
// it, inputs declares which source columns each transfer column (by its
// view name) is computed from (see viewInputs). Type, EventProduct and
// EventVendor are constant per source.
type transferSource struct {
	build  func(ctx context.Context, t table.Table, add func(*transfer)) error
	inputs *viewInputs
}

// transferSourceOf returns how the table called name with schema s feeds
// the view, if it does.
func transferSourceOf(name string, s column.Schema) (transferSource, bool) {
	switch name {
	case "AWSCloudTrail":
		return transferSource{cloudTrailTransfers, cloudTrailTransferInputs}, true
	case "ZeekConn":
		return transferSource{zeekTransfers, zeekTransferInputs}, true
	case "ASimWebSessionLogs":
		return transferSource{webTransfers, webTransferInputs}, true
	case "ProxifierLogs":
		return transferSource{proxifierTransfers, proxifierTransferInputs}, true
	}
	cols, ok := genericTransferColumns(s)
	if !ok {
		return transferSource{}, false
	}
	build := func(ctx context.Context, t table.Table, add func(*transfer)) error {
		return genericTransfers(ctx, name, t, cols, add)
	}
	return transferSource{build, declare(nil,
		"TimeGenerated: "+cols["time"],
		"User: "+cols["user"],
		"BytesReceived: "+cols["bytes"],
		"SrcIpAddr: "+cols["src"],
		"DstIpAddr: "+cols["dst"],
		"Resource: "+cols["res"],
	)}, true
}

// The transfer sources' inputs (the generic tables' are in
// transferSourceOf).
var (
	cloudTrailTransferInputs = declare([]string{"EventName"},
		"TimeGenerated: TimeGenerated",
		"Operation: EventName",
		"User: UserIdentityType UserIdentityUserName UserIdentityArn UserIdentityUserId",
		"SrcIpAddr: SourceIpAddress",
		"DstIpAddr: EventSource",
		"Resource: RequestParameters",
		"BytesReceived BytesSent: AdditionalEventData")
	zeekTransferInputs = declare(nil,
		"TimeGenerated: TimeGenerated",
		"Operation: service proto",
		"SrcIpAddr: id_orig_h",
		"DstIpAddr: id_resp_h",
		"DstPortNumber: id_resp_p",
		"Resource: id_resp_h id_resp_p",
		"BytesSent: orig_bytes",
		"BytesReceived: resp_bytes")
	webTransferInputs = declare(nil,
		"TimeGenerated: TimeGenerated",
		"Operation: HttpRequestMethod",
		"User: SrcUsername",
		"SrcIpAddr: SrcIpAddr",
		"Resource: Url",
		"BytesReceived: DstBytes",
		"BytesSent: SrcBytes")
	proxifierTransferInputs = declare([]string{"Action"},
		"TimeGenerated: TimeGenerated",
		"User: Application",
		"DstIpAddr: TargetHost",
		"DstPortNumber: TargetPort",
		"Resource: TargetHost TargetPort",
		"BytesSent: BytesSent",
		"BytesReceived: BytesReceived")
)

// genericTransferColumns finds timestamp, user_id and bytes_transferred
// (case-insensitively) and the optional address and resource columns.
func genericTransferColumns(s column.Schema) (map[string]string, bool) {
	want := map[string][]string{
		"time": {"timestamp"}, "user": {"user_id"}, "bytes": {"bytes_transferred"},
		"src": {"src_ip", "source_ip", "client_ip", "ip", "ip_address"},
		"dst": {"dst_ip", "destination_ip", "dest_ip", "server_ip"},
		"res": {"resource", "file", "object", "path", "url", "table", "dataset", "destination"},
	}
	out := map[string]string{}
	for role, names := range want {
		for _, n := range names {
			if c := findFold(s, n); c != "" {
				out[role] = c
				break
			}
		}
	}
	return out, out["time"] != "" && out["user"] != "" && out["bytes"] != ""
}

func findFold(s column.Schema, name string) string {
	for _, f := range s {
		if strings.EqualFold(f.Name, name) {
			return f.Name
		}
	}
	return ""
}

// genericTransfers reads a transfers table: bytes_transferred is data the
// user took out of the system, so it counts as BytesReceived.
func genericTransfers(ctx context.Context, name string, t table.Table, cols map[string]string, add func(*transfer)) error {
	wanted := []string{cols["time"], cols["user"], cols["bytes"], cols["src"], cols["dst"], cols["res"]}
	return scanRows(ctx, t, wanted, func(r rowView) {
		tr := &transfer{typ: name, product: name, vendor: "Generic", op: "Transfer",
			user: r.str(cols["user"]), src: r.str(cols["src"]), dst: r.str(cols["dst"]), res: r.str(cols["res"])}
		tr.time, _ = r.ticks(cols["time"])
		if n, ok := r.num(cols["bytes"]); ok {
			tr.received = n
		} else if f, ok := source.Convert(r.str(cols["bytes"]), column.Real); ok {
			tr.received = int64(f.F)
		}
		add(tr)
	})
}

// cloudTrailTransfers reads S3 GetObject (and PutObject) data events:
// additionalEventData.bytesTransferredOut is what the caller downloaded.
func cloudTrailTransfers(ctx context.Context, t table.Table, add func(*transfer)) error {
	cols := []string{"TimeGenerated", "EventName", "SourceIpAddress", "UserIdentityType", "UserIdentityArn",
		"UserIdentityUserName", "RequestParameters", "AdditionalEventData", "EventSource"}
	return scanRows(ctx, t, cols, func(r rowView) {
		op := r.str("EventName")
		if op != "GetObject" && op != "PutObject" && op != "UploadPart" {
			return
		}
		extra := r.dyn("AdditionalEventData")
		req := r.dyn("RequestParameters")
		tr := &transfer{typ: "AWSCloudTrail", product: "AWS CloudTrail", vendor: "AWS", op: op,
			user: awsUsername(r, r.str("UserIdentityType")), src: r.str("SourceIpAddress"),
			dst: r.str("EventSource"), res: s3Resource(req)}
		if tr.user == "" {
			tr.user = r.str("UserIdentityArn")
		}
		tr.time, _ = r.ticks("TimeGenerated")
		tr.received = realBytes(extra, "bytesTransferredOut")
		tr.sent = realBytes(extra, "bytesTransferredIn")
		add(tr)
	})
}

func s3Resource(req any) string {
	bucket, key := pathStr(req, "bucketName"), pathStr(req, "key")
	switch {
	case bucket != "" && key != "":
		return "s3://" + bucket + "/" + key
	case bucket != "":
		return "s3://" + bucket
	}
	return ""
}

func realBytes(d any, key string) int64 {
	if f := pathReal(d, key); f != nil {
		return int64(*f)
	}
	return 0
}

// zeekTransfers reads Zeek conn: orig_bytes went from the originator
// (SrcIpAddr) to the responder, resp_bytes back.
func zeekTransfers(ctx context.Context, t table.Table, add func(*transfer)) error {
	cols := []string{"TimeGenerated", "ts", "id_orig_h", "id_resp_h", "id_resp_p", "proto", "service", "orig_bytes", "resp_bytes"}
	return scanRows(ctx, t, cols, func(r rowView) {
		tr := &transfer{typ: "ZeekConn", product: "Zeek", vendor: "Zeek", op: first(r.str("service"), r.str("proto")),
			src: r.str("id_orig_h"), dst: r.str("id_resp_h")}
		tr.time, _ = r.ticks("TimeGenerated")
		tr.port, _ = r.num("id_resp_p")
		tr.res = tr.dst
		if tr.port > 0 {
			tr.res = fmt.Sprintf("%s:%d", tr.dst, tr.port)
		}
		tr.sent, _ = r.num("orig_bytes")
		tr.received, _ = r.num("resp_bytes")
		add(tr)
	})
}

// webTransfers reads access logs: the response bytes (DstBytes) went to
// the client.
func webTransfers(ctx context.Context, t table.Table, add func(*transfer)) error {
	cols := []string{"TimeGenerated", "SrcIpAddr", "SrcUsername", "HttpRequestMethod", "Url", "DstBytes", "SrcBytes"}
	return scanRows(ctx, t, cols, func(r rowView) {
		tr := &transfer{typ: "ASimWebSessionLogs", product: "Web access log", vendor: "Web server",
			op: r.str("HttpRequestMethod"), user: r.str("SrcUsername"), src: r.str("SrcIpAddr"), res: urlPath(r.str("Url"))}
		tr.time, _ = r.ticks("TimeGenerated")
		tr.received, _ = r.num("DstBytes")
		tr.sent, _ = r.num("SrcBytes")
		add(tr)
	})
}
