package data

import (
	"archive/tar"
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// CIFAR10Classes names CIFAR-10's classes in label order, as its
// batches.meta.txt does.
var CIFAR10Classes = []string{"airplane", "automobile", "bird", "cat", "deer",
	"dog", "frog", "horse", "ship", "truck"}

// cifarRecord is the size of one CIFAR-10 binary record: a label byte and
// the R, G and B planes of a 32x32 image.
const cifarRecord = 1 + 3*32*32

// cifarMeta is the name of the class-name file of the binary layout.
const cifarMeta = "batches.meta.txt"

// cifarFiles names the batch files of the training or test split, in order.
func cifarFiles(train bool) []string {
	if !train {
		return []string{"test_batch.bin"}
	}
	return []string{"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
		"data_batch_4.bin", "data_batch_5.bin"}
}

// LoadCIFAR10 reads CIFAR-10's training set (data_batch_1..5, 50 000 images,
// train) or test set (test_batch, 10 000) in the official binary layout from
// path: the archive cifar-10-binary.tar.gz (or the same tar uncompressed),
// the folder cifar-10-batches-bin, or a folder that holds it. Class names
// come from batches.meta.txt when present, CIFAR10Classes otherwise.
func LoadCIFAR10(path string, train bool) (*Images, error) {
	st, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, notFoundErr("data: cifar10: %s (no such file or folder): "+
				"download cifar-10-binary.tar.gz (`sgan data fetch cifar10`)", path)
		}
		return nil, fmt.Errorf("data: cifar10: %w", err)
	}
	var files map[string][]byte
	if st.IsDir() {
		files, err = readCIFARDir(path, train)
	} else {
		files, err = readCIFARArchiveFile(path, train)
	}
	if err != nil {
		return nil, err
	}
	m, err := assembleCIFAR(files, train)
	if err != nil {
		return nil, fmt.Errorf("data: cifar10: %s: %w", path, err)
	}
	return m, nil
}

// readCIFARDir reads the batch files and the class names from dir or from
// dir/cifar-10-batches-bin.
func readCIFARDir(dir string, train bool) (map[string][]byte, error) {
	names := cifarFiles(train)
	if _, err := os.Stat(filepath.Join(dir, names[0])); err != nil {
		sub := filepath.Join(dir, "cifar-10-batches-bin")
		if _, err := os.Stat(filepath.Join(sub, names[0])); err != nil {
			return nil, notFoundErr("data: cifar10: no %s in %s or %s",
				names[0], dir, sub)
		}
		dir = sub
	}
	files := map[string][]byte{}
	for _, name := range append(names, cifarMeta) {
		p := filepath.Join(dir, name)
		if name == cifarMeta {
			if _, err := os.Stat(p); err != nil {
				continue
			}
		}
		b, err := readWholeFile(p)
		if err != nil {
			return nil, err
		}
		files[name] = b
	}
	return files, nil
}

// readWholeFile reads the file at path, gunzipping it when gzipped.
func readWholeFile(p string) ([]byte, error) {
	f, err := openFile(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("data: read %s: %w", p, readError(err))
	}
	return b, nil
}

// readCIFARArchiveFile reads the wanted members of the (gzipped) tar at p.
func readCIFARArchiveFile(p string, train bool) (map[string][]byte, error) {
	f, err := openFile(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	files, err := readCIFAR10Archive(f, train)
	if err != nil {
		return nil, fmt.Errorf("data: cifar10: read %s: %w", p, err)
	}
	return files, nil
}

// readCIFAR10Archive reads from the tar stream r the members of one split
// (see LoadCIFAR10) and batches.meta.txt, by base name, into memory.
// Other members are skipped; the whole archive is read (gunzipping the
// official one takes about 2 s), since the test batch comes last.
func readCIFAR10Archive(r io.Reader, train bool) (map[string][]byte, error) {
	want := map[string]bool{cifarMeta: true}
	for _, n := range cifarFiles(train) {
		want[n] = true
	}
	files := map[string][]byte{}
	tr := tar.NewReader(r)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, formatErr("not a tar archive, or cut short (want "+
				"cifar-10-binary.tar.gz or the folder cifar-10-batches-bin): %v",
				readError(err))
		}
		name := path.Base(hdr.Name)
		if hdr.Typeflag != tar.TypeReg || !want[name] {
			continue
		}
		if _, dup := files[name]; dup {
			return nil, formatErr("%s appears twice in the archive", hdr.Name)
		}
		if hdr.Size > 1<<30 {
			return nil, formatErr("%s is %d bytes, more than a CIFAR-10 batch",
				hdr.Name, hdr.Size)
		}
		b, err := readExactly(io.LimitReader(tr, hdr.Size), hdr.Size)
		if err != nil {
			return nil, fmt.Errorf("member %s: %w", hdr.Name, err)
		}
		files[name] = b
	}
	return files, nil
}

// assembleCIFAR parses the batch files of one split, in order, into Images.
func assembleCIFAR(files map[string][]byte, train bool) (*Images, error) {
	classes := CIFAR10Classes
	if meta, ok := files[cifarMeta]; ok {
		var err error
		if classes, err = parseCIFARMeta(meta); err != nil {
			return nil, err
		}
	}
	total := 0
	for _, name := range cifarFiles(train) {
		b, ok := files[name]
		if !ok {
			return nil, notFoundErr("no %s", name)
		}
		total += len(b) / cifarRecord
	}
	pix := make([]uint8, 0, total*(cifarRecord-1))
	labels := make([]int, 0, total)
	for _, name := range cifarFiles(train) {
		var err error
		pix, labels, err = appendCIFAR10(pix, labels, files[name], len(classes))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return NewImages(pix, [3]int{3, 32, 32}, labels, classes)
}

// ParseCIFAR10 parses the records of one CIFAR-10 binary batch file: for
// each image a label byte below numClasses, then 3072 bytes of R, G and B
// planes. It returns the images, (N, 3, 32, 32), and their labels.
func ParseCIFAR10(b []byte, numClasses int) ([]uint8, []int, error) {
	return appendCIFAR10(nil, nil, b, numClasses)
}

// appendCIFAR10 is ParseCIFAR10 appending to pix and labels.
func appendCIFAR10(pix []uint8, labels []int, b []byte, numClasses int) (
	[]uint8, []int, error) {
	if len(b) == 0 || len(b)%cifarRecord != 0 {
		return nil, nil, formatErr("%d bytes are not whole records of %d bytes "+
			"(truncated, or not a CIFAR-10 binary batch)", len(b), cifarRecord)
	}
	for i := 0; i < len(b)/cifarRecord; i++ {
		rec := b[i*cifarRecord : (i+1)*cifarRecord]
		if int(rec[0]) >= numClasses {
			return nil, nil, formatErr("record %d has label %d, want 0 to %d",
				i, rec[0], numClasses-1)
		}
		labels = append(labels, int(rec[0]))
		pix = append(pix, rec[1:]...)
	}
	return pix, labels, nil
}

// parseCIFARMeta reads the class names of batches.meta.txt, one a line.
func parseCIFARMeta(b []byte) ([]string, error) {
	var names []string
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" {
			names = append(names, s)
		}
	}
	if err := sc.Err(); err != nil || len(names) == 0 || len(names) > 256 {
		return nil, formatErr("%s holds %d class names, want 1 to 256, one a line",
			cifarMeta, len(names))
	}
	return names, nil
}
