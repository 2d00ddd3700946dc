package data

import (
	"encoding/binary"
	"fmt"
	"io"
	"strconv"
)

// IDX is the content of an IDX file of unsigned bytes, the format of MNIST
// and Fashion-MNIST: the sizes of its dimensions and its bytes, row-major.
type IDX struct {
	Dims []int
	Data []byte
}

// maxIDXBytes bounds what an IDX header may declare (16 GiB).
const maxIDXBytes = 1 << 34

// idxTypes names the IDX element types other than unsigned bytes.
var idxTypes = map[byte]string{0x09: "signed byte", 0x0b: "short",
	0x0c: "int", 0x0d: "float", 0x0e: "double"}

// ReadIDX parses an IDX file of unsigned bytes (element type 0x08) from r,
// which must hold nothing after the data. Its errors start with "idx:".
func ReadIDX(r io.Reader) (*IDX, error) {
	idx, err := readIDX(r)
	if err != nil {
		return nil, fmt.Errorf("idx: %w", err)
	}
	return idx, nil
}

func readIDX(r io.Reader) (*IDX, error) {
	var head [4]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return nil, formatErr("no header: %v", readError(err))
	}
	magic := binary.BigEndian.Uint32(head[:])
	if head[0] != 0 || head[1] != 0 || head[3] == 0 || head[3] > 8 {
		return nil, formatErr("wrong magic number %#08x: an IDX file starts with "+
			"0x0000, a type byte and 1 to 8 dimensions", magic)
	}
	if head[2] != 0x08 {
		name := idxTypes[head[2]]
		if name == "" {
			name = "unknown type " + strconv.Itoa(int(head[2]))
		}
		return nil, formatErr("element type %#02x (%s): only unsigned bytes "+
			"(0x08) are supported", head[2], name)
	}
	dims, size, err := readIDXDims(r, int(head[3]))
	if err != nil {
		return nil, err
	}
	buf, err := readExactly(r, size)
	if err != nil {
		return nil, fmt.Errorf("data of dimensions %v: %w", dims, err)
	}
	return &IDX{Dims: dims, Data: buf}, nil
}

// readIDXDims reads n big-endian dimension sizes and their product.
func readIDXDims(r io.Reader, n int) ([]int, int64, error) {
	raw := make([]byte, 4*n)
	if _, err := io.ReadFull(r, raw); err != nil {
		return nil, 0, formatErr("header of %d dimensions cut short: %v",
			n, readError(err))
	}
	dims := make([]int, n)
	for i := range dims {
		dims[i] = int(binary.BigEndian.Uint32(raw[4*i:]))
	}
	size := int64(1)
	for _, d := range dims {
		if d == 0 {
			return dims, 0, nil
		}
	}
	for _, d := range dims {
		if size > maxIDXBytes/int64(d) {
			return nil, 0, formatErr("dimensions %v declare more than %d bytes",
				dims, int64(maxIDXBytes))
		}
		size *= int64(d)
	}
	return dims, size, nil
}

// LoadIDX reads MNIST-style images and labels: imagesPath an IDX file of
// dimensions (N, H, W), labelsPath one of dimensions (N), each gzipped or
// not. An empty labelsPath gives unlabelled images. Classes are named "0",
// "1", ... up to the largest label.
func LoadIDX(imagesPath, labelsPath string) (*Images, error) {
	img, err := readIDXFile(imagesPath)
	if err != nil {
		return nil, err
	}
	if len(img.Dims) != 3 || img.Dims[0] == 0 || img.Dims[1] == 0 || img.Dims[2] == 0 {
		return nil, formatErr("data: %s: IDX dimensions %v: want images (N, H, W), "+
			"none empty", imagesPath, img.Dims)
	}
	n, h, w := img.Dims[0], img.Dims[1], img.Dims[2]
	if labelsPath == "" {
		return NewImages(img.Data, [3]int{1, h, w}, nil, nil)
	}
	labels, classes, err := loadIDXLabels(labelsPath, n)
	if err != nil {
		return nil, err
	}
	return NewImages(img.Data, [3]int{1, h, w}, labels, classes)
}

// loadIDXLabels reads n labels and names their classes by number.
func loadIDXLabels(path string, n int) ([]int, []string, error) {
	lab, err := readIDXFile(path)
	if err != nil {
		return nil, nil, err
	}
	if len(lab.Dims) != 1 {
		return nil, nil, formatErr("data: %s: IDX dimensions %v: want labels (N)",
			path, lab.Dims)
	}
	if lab.Dims[0] != n {
		return nil, nil, formatErr("data: %s: %d labels for %d images",
			path, lab.Dims[0], n)
	}
	labels := make([]int, n)
	k := 0
	for i, b := range lab.Data {
		labels[i] = int(b)
		k = max(k, int(b)+1)
	}
	classes := make([]string, k)
	for i := range classes {
		classes[i] = strconv.Itoa(i)
	}
	return labels, classes, nil
}

// readIDXFile reads and parses the IDX file at path.
func readIDXFile(path string) (*IDX, error) {
	f, err := openFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	idx, err := ReadIDX(f)
	if err != nil {
		return nil, fmt.Errorf("data: read %s: %w", path, err)
	}
	return idx, nil
}
