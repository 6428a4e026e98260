package ingest

import "bytes"

// This file walks the records of a chunk: the lines of NDJSON, the values
// of a JSON sequence (array, envelope, object stream), the rows of CSV.
// Sampling and scanning share these walkers.

// eachJSON calls fn for every record of a JSON chunk with its 1-based line.
// A record fn cannot use is fn's business; a value that cannot be delimited
// (only possible in sequences) ends the walk with fn(nil, line, err).
func eachJSON(shape Shape, data []byte, line int, fn func(rec []byte, line int, err error) error) error {
	if shape == NDJSON {
		return eachLine(data, line, fn)
	}
	return eachValue(data, line, fn)
}

func eachLine(data []byte, line int, fn func([]byte, int, error) error) error {
	for off := 0; off < len(data); line++ {
		k := bytes.IndexByte(data[off:], '\n')
		end := len(data)
		if k >= 0 {
			end = off + k
		}
		rec := data[off:end]
		off = end + 1
		if skipWS(rec, 0) == len(rec) {
			continue
		}
		if err := fn(rec, line, nil); err != nil {
			return err
		}
	}
	return nil
}

func eachValue(data []byte, line int, fn func([]byte, int, error) error) error {
	i, counted := 0, 0
	for {
		i = skipWS(data, i)
		if i < len(data) && data[i] == ',' {
			i = skipWS(data, i+1)
		}
		if i >= len(data) {
			return nil
		}
		line += bytes.Count(data[counted:i], nl)
		counted = i
		end, err := skipValue(data, i)
		if err != nil {
			return fn(nil, line, relocate(err, i))
		}
		if err := fn(data[i:end], line, nil); err != nil {
			return err
		}
		i = end
	}
}

// eachCSV calls fn for every non-blank record of a CSV chunk with the line
// it starts on. A record that cannot be split (unterminated quote) is
// passed with its error and ends the chunk.
func eachCSV(data []byte, line int, delim byte, spans []span, fn func(data []byte, fields []span, line int, err error) error) error {
	for i := 0; i < len(data); {
		if j, blank := blankLine(data, i); blank {
			i, line = j, line+1
			continue
		}
		fields, next, breaks, err := csvRecord(data, i, delim, spans)
		if err != nil {
			return fn(data, nil, line, err)
		}
		if err := fn(data, fields, line, nil); err != nil {
			return err
		}
		spans = fields
		i, line = next, line+1+breaks
	}
	return nil
}
