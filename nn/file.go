package nn

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Save writes n's state (Encode's format) to the file path atomically: it
// writes a temporary file in the same folder, syncs it, renames it over
// path and syncs the folder, so that path holds either the old or the new
// state, never a part.
func Save(path string, n Network) error {
	err := writeAtomic(path, func(w io.Writer) error { return Encode(w, n) })
	if err != nil {
		return fmt.Errorf("nn: save %s: %w", path, err)
	}
	return nil
}

// Load reads the state that Save wrote to path into n, which must have the
// spec of the saved network.
func Load(path string, n Network) error {
	return readFile(path, func(r io.Reader) error { return Decode(r, n) })
}

// LoadNew reads the state that Save wrote to path into a new network of the
// saved spec.
func LoadNew(path string) (Network, error) {
	var n Network
	err := readFile(path, func(r io.Reader) error {
		var err error
		n, err = DecodeNew(r)
		return err
	})
	return n, err
}

func readFile(path string, decode func(io.Reader) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("nn: load: %w", err)
	}
	defer f.Close()
	if err := decode(bufio.NewReader(f)); err != nil {
		return fmt.Errorf("nn: load %s: %w", path, err)
	}
	return nil
}

// writeAtomic writes a file through write into a temporary file beside
// path, then renames it to path.
func writeAtomic(path string, write func(io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<20)
	if err = write(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return err
	}
	return syncDir(dir)
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
