package exec

import (
	"encoding/json"
	"strconv"
	"strings"

	"quarry/internal/column"
	"quarry/internal/kql/check"
)

// accessEval is X.Key, X["Key"] or X[Idx] on dynamic values; a string X
// is parsed as JSON first. Missing keys and indexes give null.
type accessEval struct {
	x   evaluator
	key string
	idx evaluator // nil for a key access
}

func (rt *runtime) compileAccess(x *check.Access, schema column.Schema) (evaluator, error) {
	xe, err := rt.compileExpr(x.X, schema)
	if err != nil {
		return nil, err
	}
	e := &accessEval{x: xe, key: x.Key}
	if x.Idx != nil {
		if e.idx, err = rt.compileExpr(x.Idx, schema); err != nil {
			return nil, err
		}
	}
	return e, nil
}

func (e *accessEval) eval(rt *runtime, b *column.Batch) (operand, error) {
	xo, err := e.x.eval(rt, b)
	if err != nil {
		return operand{}, err
	}
	var io operand
	if e.idx != nil {
		if io, err = e.idx.eval(rt, b); err != nil {
			return operand{}, err
		}
	}
	if xo.isConst && (e.idx == nil || io.isConst) {
		return constOp(column.DynamicValue(e.one(xo.konst, io.konst))), nil
	}
	out := column.NewVector(column.Dynamic, b.Len)
	for i := 0; i < b.Len; i++ {
		var iv column.Value
		if e.idx != nil {
			iv = io.at(i)
		}
		out.Dyns = append(out.Dyns, e.one(xo.at(i), iv))
	}
	return operand{vec: out}, nil
}

// one performs the access for one row.
func (e *accessEval) one(x, idx column.Value) any {
	d := dynPayload(x)
	if e.idx == nil {
		return member(d, e.key)
	}
	switch {
	case idx.IsNull():
		return nil
	case idx.Type == column.String:
		return member(d, idx.S)
	case idx.Type.IsInteger():
		return element(d, idx.I)
	}
	return nil
}

// dynPayload returns the dynamic payload of v; strings holding JSON
// objects or arrays are parsed.
func dynPayload(v column.Value) any {
	switch v.Type {
	case column.Dynamic:
		return v.D
	case column.String:
		s := strings.TrimSpace(v.S)
		if s == "" || (s[0] != '{' && s[0] != '[') {
			return nil
		}
		return parseJSON(s)
	}
	return v.Payload()
}

func member(d any, key string) any {
	switch x := d.(type) {
	case map[string]any:
		return x[key]
	case []any:
		if i, err := strconv.ParseInt(key, 10, 64); err == nil {
			return element(x, i)
		}
	}
	return nil
}

func element(d any, i int64) any {
	arr, ok := d.([]any)
	if !ok {
		return nil
	}
	if i < 0 {
		i += int64(len(arr))
	}
	if i < 0 || i >= int64(len(arr)) {
		return nil
	}
	return arr[i]
}

// parseJSON decodes s into quarry's dynamic model (int64 for integers,
// float64 for other numbers); invalid JSON gives nil.
func parseJSON(s string) any {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil
	}
	return column.FromJSONNumbers(v)
}

// packAllEval builds a property bag of every column per row.
type packAllEval struct {
	names    []string
	cols     []evaluator
	skipNull bool
}

func (rt *runtime) compilePackAll(x *check.PackAll, schema column.Schema) (evaluator, error) {
	e := &packAllEval{skipNull: x.SkipNull}
	for _, c := range x.Cols {
		ev, err := rt.compileExpr(c, schema)
		if err != nil {
			return nil, err
		}
		e.names = append(e.names, c.Name)
		e.cols = append(e.cols, ev)
	}
	return e, nil
}

func (e *packAllEval) eval(rt *runtime, b *column.Batch) (operand, error) {
	ops, err := evalAll(rt, e.cols, b)
	if err != nil {
		return operand{}, err
	}
	out := column.NewVector(column.Dynamic, b.Len)
	for i := 0; i < b.Len; i++ {
		m := make(map[string]any, len(ops))
		for j, o := range ops {
			v := o.at(i)
			if e.skipNull && (v.IsNull() || v.Type == column.String && v.S == "") {
				continue
			}
			m[e.names[j]] = v.Payload()
		}
		out.Dyns = append(out.Dyns, m)
	}
	return operand{vec: out}, nil
}
