// Package cloudtrail is the "cloudtrail" source family: AWS CloudTrail
// records, as CloudTrail writes them to S3 ({"Records":[...]} files, gzip
// handled by the caller) or one record per line (NDJSON from log
// shippers), become rows of AWSCloudTrail with the columns Log Analytics
// documents (shared/schemas/AWSCloudTrail.csv, without the _BilledSize,
// _IsBillable and TenantId columns, and without AwsRequestId_, CidrIp,
// DestinationPort, IpProtocol and SourcePort, which Sentinel's connector
// derives from specific EC2 calls).
//
// Nested objects keep the shape Sentinel gives them: RequestParameters,
// ResponseElements, AdditionalEventData, Resources and ServiceEventDetails
// are strings holding compact JSON (so `parse_json(ResponseElements)
// .ConsoleLogin` works as it does in Sentinel); userIdentity and its
// sessionContext are flattened into the UserIdentity* and SessionIssuer*
// columns.
package cloudtrail

import (
	"io"

	"quarry/internal/column"
	"quarry/internal/ingest/source"
)

// TableName is the table the family fills.
const TableName = "AWSCloudTrail"

// Schema is the AWSCloudTrail table (see the package comment).
var Schema = column.Schema{
	{Name: "TimeGenerated", Type: column.DateTime},
	{Name: "EventName", Type: column.String},
	{Name: "EventSource", Type: column.String},
	{Name: "EventTypeName", Type: column.String},
	{Name: "EventVersion", Type: column.String},
	{Name: "Category", Type: column.String},
	{Name: "AwsEventId", Type: column.String},
	{Name: "AwsRequestId", Type: column.String},
	{Name: "AWSRegion", Type: column.String},
	{Name: "SourceIpAddress", Type: column.String},
	{Name: "UserAgent", Type: column.String},
	{Name: "ErrorCode", Type: column.String},
	{Name: "ErrorMessage", Type: column.String},
	{Name: "ReadOnly", Type: column.Bool},
	{Name: "ManagementEvent", Type: column.Bool},
	{Name: "RecipientAccountId", Type: column.String},
	{Name: "SharedEventId", Type: column.String},
	{Name: "VpcEndpointId", Type: column.String},
	{Name: "APIVersion", Type: column.String},
	{Name: "OperationName", Type: column.String},
	{Name: "UserIdentityType", Type: column.String},
	{Name: "UserIdentityArn", Type: column.String},
	{Name: "UserIdentityAccountId", Type: column.String},
	{Name: "UserIdentityPrincipalid", Type: column.String},
	{Name: "UserIdentityAccessKeyId", Type: column.String},
	{Name: "UserIdentityUserName", Type: column.String},
	{Name: "UserIdentityInvokedBy", Type: column.String},
	{Name: "UserIdentityStoreArn", Type: column.String},
	{Name: "UserIdentityUserId", Type: column.String},
	{Name: "SessionIssuerType", Type: column.String},
	{Name: "SessionIssuerArn", Type: column.String},
	{Name: "SessionIssuerAccountId", Type: column.String},
	{Name: "SessionIssuerPrincipalId", Type: column.String},
	{Name: "SessionIssuerUserName", Type: column.String},
	{Name: "SessionMfaAuthenticated", Type: column.Bool},
	{Name: "SessionCreationDate", Type: column.DateTime},
	{Name: "EC2RoleDelivery", Type: column.String},
	{Name: "TlsVersion", Type: column.String},
	{Name: "CipherSuite", Type: column.String},
	{Name: "ClientProvidedHostHeader", Type: column.String},
	{Name: "RequestParameters", Type: column.String},
	{Name: "ResponseElements", Type: column.String},
	{Name: "AdditionalEventData", Type: column.String},
	{Name: "Resources", Type: column.String},
	{Name: "ServiceEventDetails", Type: column.String},
	{Name: "SourceSystem", Type: column.String},
	{Name: "Type", Type: column.String},
}

// fields maps top-level record keys to columns.
var fields = map[string]string{
	"eventName": "EventName", "eventSource": "EventSource", "eventType": "EventTypeName",
	"eventVersion": "EventVersion", "eventCategory": "Category", "eventID": "AwsEventId",
	"requestID": "AwsRequestId", "awsRegion": "AWSRegion", "sourceIPAddress": "SourceIpAddress",
	"userAgent": "UserAgent", "errorCode": "ErrorCode", "errorMessage": "ErrorMessage",
	"readOnly": "ReadOnly", "managementEvent": "ManagementEvent", "recipientAccountId": "RecipientAccountId",
	"sharedEventID": "SharedEventId", "vpcEndpointId": "VpcEndpointId", "apiVersion": "APIVersion",
	"requestParameters": "RequestParameters", "responseElements": "ResponseElements",
	"additionalEventData": "AdditionalEventData", "resources": "Resources",
	"serviceEventDetails": "ServiceEventDetails",
}

var identityFields = map[string]string{
	"type": "UserIdentityType", "arn": "UserIdentityArn", "accountId": "UserIdentityAccountId",
	"principalId": "UserIdentityPrincipalid", "accessKeyId": "UserIdentityAccessKeyId",
	"userName": "UserIdentityUserName", "invokedBy": "UserIdentityInvokedBy",
	"identityStoreArn": "UserIdentityStoreArn",
}

var issuerFields = map[string]string{
	"type": "SessionIssuerType", "arn": "SessionIssuerArn", "accountId": "SessionIssuerAccountId",
	"principalId": "SessionIssuerPrincipalId", "userName": "SessionIssuerUserName",
}

// Family is the CloudTrail source family.
type Family struct{}

func init() { source.Register(Family{}) }

// Name returns "cloudtrail".
func (Family) Name() string { return "cloudtrail" }

// Sniff returns 95 for JSON with CloudTrail's eventSource, eventName and
// eventTime (or a Records wrapper), 0 otherwise.
func (Family) Sniff(head []byte) int {
	h, ok := source.JSONHead(head)
	if !ok {
		return 0
	}
	has := func(k string) bool { return source.HasKey(h, k) }
	if has("eventSource") && has("eventName") && (has("eventTime") || has("awsRegion") || has("Records")) {
		return 95
	}
	return 0
}

// Read parses CloudTrail records into AWSCloudTrail.
func (Family) Read(r io.Reader, file string, opt source.Options, sink *source.Sink) error {
	tab := sink.Table(TableName, Schema)
	row := source.NewRow(tab.Schema())
	return source.JSONRecords(r, file, sink, []string{"Records"}, func(m map[string]any, pos int) error {
		ts, ok := source.ParseTime(source.Text(first(m["eventTime"], m["@timestamp"])), opt.Loc())
		if !ok {
			return sink.Bad(file, pos, "cloudtrail record without a valid eventTime")
		}
		row.Reset()
		fill(row, m)
		row.SetValue("TimeGenerated", column.DateTimeTicks(ts))
		tab.Append(row.Values())
		return nil
	})
}

func fill(row *source.Row, m map[string]any) {
	for k, col := range fields {
		row.Set(col, m[k])
	}
	id, _ := m["userIdentity"].(map[string]any)
	for k, col := range identityFields {
		row.Set(col, id[k])
	}
	row.Set("UserIdentityUserId", source.Path(id, "onBehalfOf", "userId"))
	sc, _ := id["sessionContext"].(map[string]any)
	issuer, _ := sc["sessionIssuer"].(map[string]any)
	for k, col := range issuerFields {
		row.Set(col, issuer[k])
	}
	row.Set("SessionMfaAuthenticated", source.Path(sc, "attributes", "mfaAuthenticated"))
	row.Set("SessionCreationDate", source.Path(sc, "attributes", "creationDate"))
	row.Set("EC2RoleDelivery", sc["ec2RoleDelivery"])
	tls, _ := m["tlsDetails"].(map[string]any)
	row.Set("TlsVersion", tls["tlsVersion"])
	row.Set("CipherSuite", tls["cipherSuite"])
	row.Set("ClientProvidedHostHeader", tls["clientProvidedHostHeader"])
	row.Set("SourceSystem", "AWS")
	row.Set("Type", TableName)
}

func first(xs ...any) any {
	for _, x := range xs {
		if x != nil {
			return x
		}
	}
	return nil
}
