package data

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// dataFile is an open data file, gunzipped on the fly when it is gzipped.
type dataFile struct {
	io.Reader
	f *os.File
}

func (d *dataFile) Close() error { return d.f.Close() }

// openFile opens path for reading. A missing file is an ErrNotFound and a
// directory an error saying a file was expected. Files that start with the
// gzip magic bytes are gunzipped, whatever their name.
func openFile(path string) (*dataFile, error) {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, notFoundErr("data: %s (no such file)", path)
	}
	if err != nil {
		return nil, fmt.Errorf("data: %w", err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("data: %s is a directory: want a file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("data: %w", err)
	}
	r, err := maybeGunzip(bufio.NewReaderSize(f, 1<<20))
	if err != nil {
		f.Close()
		return nil, formatErr("data: %s: %v", path, err)
	}
	return &dataFile{Reader: r, f: f}, nil
}

// maybeGunzip returns a reader of the gunzipped stream when br starts with
// the gzip magic bytes, br itself otherwise.
func maybeGunzip(br *bufio.Reader) (io.Reader, error) {
	head, _ := br.Peek(2)
	if !bytes.Equal(head, []byte{0x1f, 0x8b}) {
		return br, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, fmt.Errorf("bad gzip header: %w", err)
	}
	return zr, nil
}

// readExactly reads n bytes from r and checks that nothing follows. Its
// memory grows with what r holds, not with n, so that a corrupt header
// cannot make it allocate a huge buffer.
func readExactly(r io.Reader, n int64) ([]byte, error) {
	if n < 0 {
		return nil, formatErr("negative size %d", n)
	}
	var buf bytes.Buffer
	buf.Grow(int(min(n, 1<<20)))
	got, err := io.Copy(&buf, io.LimitReader(r, n))
	if err != nil {
		return nil, readError(err)
	}
	if got < n {
		return nil, formatErr("truncated: %d bytes of data, want %d", got, n)
	}
	var one [1]byte
	k, err := io.ReadFull(r, one[:])
	if k > 0 {
		return nil, formatErr("more data than the header declares (%d bytes)", n)
	}
	if err != nil && err != io.EOF {
		return nil, readError(err)
	}
	return buf.Bytes(), nil
}

// readError labels a failed read of a (possibly gzipped) stream.
func readError(err error) error {
	var corrupt flate.CorruptInputError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return formatErr("truncated: %v", err)
	case errors.Is(err, gzip.ErrChecksum), errors.Is(err, gzip.ErrHeader),
		errors.As(err, &corrupt):
		return formatErr("corrupt compressed data: %v", err)
	}
	return err
}
