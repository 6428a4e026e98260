package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// sshdSources are the public sshd samples that make up the auth.log.
var sshdSources = []string{
	"loghub/OpenSSH_2k.log",
	"elastic-examples/ssh-auth-bruteforce/auth.log",
}

// sshdFile repeats the public samples until the file has at least lines
// lines.
func sshdFile(dir, datasets string, lines int) (dataset, error) {
	var sample []byte
	for _, s := range sshdSources {
		b, err := os.ReadFile(filepath.Join(datasets, s))
		if err != nil {
			return dataset{}, fmt.Errorf("sshd sample (set QUARRY_DATASETS): %w", err)
		}
		if len(b) > 0 && b[len(b)-1] != '\n' {
			b = append(b, '\n')
		}
		sample = append(sample, b...)
	}
	per := bytes.Count(sample, []byte{'\n'})
	path := filepath.Join(dir, fmt.Sprintf("auth-%d.log", lines))
	return cached(path, func(w io.Writer) (int, error) {
		n := 0
		for n < lines {
			if _, err := w.Write(sample); err != nil {
				return n, err
			}
			n += per
		}
		return n, nil
	})
}
