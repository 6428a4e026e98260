package weblog

import "quarry/internal/column"

// TableName is the table the family fills.
const TableName = "ASimWebSessionLogs"

const (
	colTimeGenerated = iota
	colEventType
	colEventResult
	colEventResultDetails
	colEventCount
	colEventProduct
	colEventVendor
	colEventSchema
	colEventSchemaVersion
	colSrcIpAddr
	colSrcUsername
	colHttpRequestMethod
	colUrl
	colHttpVersion
	colHttpStatusCode
	colHttpReferrer
	colHttpUserAgent
	colDstBytes
	colAdditionalFields
	colType
	numCols
)

// Schema is the subset of the ASimWebSessionLogs columns an access log
// can fill, with the table's types.
var Schema = column.Schema{
	{Name: "TimeGenerated", Type: column.DateTime},
	{Name: "EventType", Type: column.String},
	{Name: "EventResult", Type: column.String},
	{Name: "EventResultDetails", Type: column.String},
	{Name: "EventCount", Type: column.Int},
	{Name: "EventProduct", Type: column.String},
	{Name: "EventVendor", Type: column.String},
	{Name: "EventSchema", Type: column.String},
	{Name: "EventSchemaVersion", Type: column.String},
	{Name: "SrcIpAddr", Type: column.String},
	{Name: "SrcUsername", Type: column.String},
	{Name: "HttpRequestMethod", Type: column.String},
	{Name: "Url", Type: column.String},
	{Name: "HttpVersion", Type: column.String},
	{Name: "HttpStatusCode", Type: column.String},
	{Name: "HttpReferrer", Type: column.String},
	{Name: "HttpUserAgent", Type: column.String},
	{Name: "DstBytes", Type: column.Long},
	{Name: "AdditionalFields", Type: column.Dynamic},
	{Name: "Type", Type: column.String},
}
