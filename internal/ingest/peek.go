package ingest

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// FirstTexts returns, for each top-level column of cols, the text of its
// first non-empty value among the whole records in the first
// max(maxBytes, what Detect sniffs) bytes of the file at path
// (decompressed); columns without one are absent from the result. A file
// Detect does not recognise is an error, an empty one has no values.
//
// It reads one chunk and builds neither a schema nor a table: naming a
// table after its records' Type column needs one value, and sampling and
// scanning a 500 MB file for it took a quarter of a second.
func FirstTexts(path string, cols []string, maxBytes int) (map[string]string, error) {
	format, err := Detect(path)
	switch {
	case err != nil:
		return nil, err
	case format.Shape == Unknown:
		return nil, fmt.Errorf("%s: unrecognised file format", path)
	case format.Shape == Empty:
		return map[string]string{}, nil
	}
	f := &File{Path: path, Format: format, size: -1}
	if st, err := os.Stat(path); err == nil && format.Compression == "" {
		f.size = st.Size()
	}
	s, closer, err := f.split()
	if err != nil {
		return nil, err
	}
	defer closer.Close()
	data, line, err := s.next(make([]byte, 0, f.bufSize(maxBytes)))
	var se *splitError
	if err != nil && err != io.EOF && !errors.As(err, &se) {
		return nil, err
	}
	out := map[string]string{}
	note := func(col, text string) bool {
		if _, seen := out[col]; !seen && text != "" {
			out[col] = text
		}
		return len(out) == len(cols)
	}
	stop := errors.New("found")
	if format.Shape == CSV {
		err = f.firstCSVTexts(data, line, cols, note, stop)
	} else {
		err = eachJSON(format.Shape, data, line, func(rec []byte, _ int, err error) error {
			if err != nil {
				return nil
			}
			text := string(rec)
			for _, c := range cols {
				if note(c, FieldText(text, c)) {
					return stop
				}
			}
			return nil
		})
	}
	if err != nil && err != stop {
		return nil, err
	}
	return out, nil
}

// firstCSVTexts is FirstTexts' reading of CSV records: the fields under
// the header names cols.
func (f *File) firstCSVTexts(data []byte, line int, cols []string, note func(col, text string) bool, stop error) error {
	at := map[int]string{}
	for k, h := range f.Header {
		for _, c := range cols {
			if h == c {
				at[k] = c
			}
		}
	}
	if len(at) == 0 {
		return nil
	}
	var scratch []byte
	return eachCSV(data, line, f.Format.Delimiter, nil, func(data []byte, fields []span, _ int, err error) error {
		if err != nil || len(fields) != len(f.Header) {
			return nil
		}
		for k, c := range at {
			var text []byte
			text, scratch = fieldText(data, fields[k], scratch)
			if note(c, string(text)) {
				return stop
			}
		}
		return nil
	})
}
