package zeek

import (
	"strings"

	"quarry/internal/column"
)

// kqlType maps a Zeek type name to a column type.
func kqlType(z string) column.Type {
	switch {
	case z == "time":
		return column.DateTime
	case z == "count" || z == "int":
		return column.Long
	case z == "port":
		return column.Int
	case z == "double" || z == "interval":
		return column.Real
	case z == "bool":
		return column.Bool
	case strings.HasPrefix(z, "set[") || strings.HasPrefix(z, "vector["):
		return column.Dynamic
	}
	return column.String
}

// elemType returns the element type name of set[T] / vector[T].
func elemType(z string) string {
	i := strings.IndexByte(z, '[')
	if i < 0 || !strings.HasSuffix(z, "]") {
		return "string"
	}
	return z[i+1 : len(z)-1]
}

var idFields = "ts:time uid:string id.orig_h:addr id.orig_p:port id.resp_h:addr id.resp_p:port "

// knownTypes are the standard fields of the logs quarry uses, for JSON
// input (which has no #types line).
var knownTypes = map[string]string{
	"conn": idFields + "proto:enum service:string duration:interval orig_bytes:count resp_bytes:count " +
		"conn_state:string local_orig:bool local_resp:bool missed_bytes:count history:string orig_pkts:count " +
		"orig_ip_bytes:count resp_pkts:count resp_ip_bytes:count tunnel_parents:set[string]",
	"ssh": idFields + "version:count auth_success:bool auth_attempts:count direction:enum client:string " +
		"server:string cipher_alg:string mac_alg:string compression_alg:string kex_alg:string " +
		"host_key_alg:string host_key:string",
	"kerberos": idFields + "request_type:string client:string service:string success:bool error_msg:string " +
		"from:time till:time cipher:string forwardable:bool renewable:bool client_cert_subject:string " +
		"client_cert_fuid:string server_cert_subject:string server_cert_fuid:string",
	"ntlm": idFields + "username:string hostname:string domainname:string server_nb_computer_name:string " +
		"server_dns_computer_name:string server_tree_name:string success:bool",
	"rdp": idFields + "cookie:string result:string security_protocol:string client_channels:vector[string] " +
		"keyboard_layout:string client_build:string client_name:string client_dig_product_id:string " +
		"desktop_width:count desktop_height:count requested_color_depth:string cert_type:string " +
		"cert_count:count cert_permanent:bool encryption_level:string encryption_method:string",
}

// knownFields returns the field names and Zeek types of a known path.
func knownFields(path string) ([]string, []string, bool) {
	spec, ok := knownTypes[path]
	if !ok {
		return nil, nil, false
	}
	var names, types []string
	for _, f := range strings.Fields(spec) {
		n, t, _ := strings.Cut(f, ":")
		names, types = append(names, n), append(types, t)
	}
	return names, types, true
}

// colName turns a Zeek field name into a column name.
func colName(f string) string { return strings.ReplaceAll(f, ".", "_") }

// TableName returns the table of a Zeek log path ("smb_mapping" ->
// "ZeekSmbMapping").
func TableName(path string) string {
	var b strings.Builder
	b.WriteString("Zeek")
	up := true
	for _, r := range path {
		switch {
		case r == '_' || r == '-' || r == '.':
			up = true
		case up:
			b.WriteString(strings.ToUpper(string(r)))
			up = false
		default:
			b.WriteRune(r)
		}
	}
	if b.Len() == 4 {
		b.WriteString("Log")
	}
	return b.String()
}

// schemaOf builds a schema from field names and Zeek types.
func schemaOf(names, types []string) column.Schema {
	s := make(column.Schema, 0, len(names)+1)
	for i, n := range names {
		t := "string"
		if i < len(types) {
			t = types[i]
		}
		s = append(s, column.Field{Name: colName(n), Type: kqlType(t)})
	}
	if s.Index("TimeGenerated") < 0 {
		s = append(column.Schema{{Name: "TimeGenerated", Type: column.DateTime}}, s...)
	}
	if s.Index("Type") < 0 {
		s = append(s, column.Field{Name: "Type", Type: column.String})
	}
	return s
}
