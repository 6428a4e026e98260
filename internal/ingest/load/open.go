package load

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"io"
	"os"
)

// headSize is how much of a file's decompressed start sniffing sees.
const headSize = 64 << 10

// openDecompressed opens path and undoes gzip or bzip2 compression,
// recognised by magic bytes.
func openDecompressed(path string) (io.Reader, func() error, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	br := bufio.NewReaderSize(f, 256<<10)
	magic, _ := br.Peek(3)
	switch {
	case bytes.HasPrefix(magic, []byte{0x1f, 0x8b}):
		zr, err := gzip.NewReader(br)
		if err != nil {
			f.Close()
			return nil, nil, err
		}
		return zr, f.Close, nil
	case bytes.HasPrefix(magic, []byte("BZh")):
		return bzip2.NewReader(br), f.Close, nil
	}
	return br, f.Close, nil
}

// readHead returns up to headSize decompressed bytes of path.
func readHead(path string) ([]byte, error) {
	r, closeFn, err := openDecompressed(path)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	buf := make([]byte, headSize)
	n, err := io.ReadFull(r, buf)
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		err = nil
	}
	return buf[:n], err
}
