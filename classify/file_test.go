package classify

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/sgan-dev/sgan/data"
)

func TestSaveLoad(t *testing.T) {
	m, err := Train(halves(t, 64), TrainOptions{Epochs: 1})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "c.cls")
	info := Info{Dataset: "halves", Accuracy: 0.75}
	if err := Save(path, m, info); err != nil {
		t.Fatal(err)
	}
	got, gotInfo, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if gotInfo != info || got.Shape != m.Shape || len(got.Classes) != 2 {
		t.Errorf("loaded %v %v %v, want %v %v %v", gotInfo, got.Shape, got.Classes,
			info, m.Shape, m.Classes)
	}
	want, _ := PredictImages(m, halves(t, 6))
	have, _ := PredictImages(got, halves(t, 6))
	for i := range want.Data {
		if want.Data[i] != have.Data[i] {
			t.Fatalf("probability %d: loaded %v, saved %v", i, have.Data[i], want.Data[i])
		}
	}
}

func TestDecodeDamaged(t *testing.T) {
	m, err := NewModel([3]int64{1, 8, 8}, []string{"a", "b"})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Encode(&buf, m, Info{}); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	cases := []struct {
		name string
		b    []byte
	}{
		{"empty", nil},
		{"bad magic", append([]byte("XXXXXXXX"), good[8:]...)},
		{"truncated", good[:len(good)-3]},
		{"trailing", append(append([]byte(nil), good...), 0)},
		{"bad header", append([]byte(fileMagic+"\x02\x00\x00\x00{x"), good[12:]...)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Decode(bytes.NewReader(tc.b))
			if !errors.Is(err, ErrFormat) {
				t.Errorf("Decode error %v, want ErrFormat", err)
			}
		})
	}
	t.Run("missing file", func(t *testing.T) {
		_, _, err := Load(filepath.Join(t.TempDir(), "none"))
		if !errors.Is(err, os.ErrNotExist) {
			t.Errorf("Load error %v, want os.ErrNotExist", err)
		}
	})
}

// TestSaveLoadBatchNorm: a cnn3-bn classifier keeps its BatchNorm running
// statistics, so the loaded one predicts exactly as the trained one.
func TestSaveLoadBatchNorm(t *testing.T) {
	n := 32
	pix := make([]uint8, n*3*8*8)
	labels := make([]int, n)
	for i := range pix {
		pix[i] = uint8((i * 31) % 251)
	}
	for i := range labels {
		labels[i] = i % 2
	}
	set, err := data.NewImages(pix, [3]int{3, 8, 8}, labels, []string{"a", "b"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := Train(set, TrainOptions{Epochs: 1, BatchSize: 8})
	if err != nil {
		t.Fatal(err)
	}
	if m.Arch != ArchCNN3BN {
		t.Fatalf("architecture %q for 3x8x8 images, want %q", m.Arch, ArchCNN3BN)
	}
	path := filepath.Join(t.TempDir(), "c.cls")
	if err := Save(path, m, Info{}); err != nil {
		t.Fatal(err)
	}
	got, _, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := PredictImages(m, set)
	have, _ := PredictImages(got, set)
	for i := range want.Data {
		if want.Data[i] != have.Data[i] {
			t.Fatalf("probability %d: loaded %v, saved %v", i, have.Data[i], want.Data[i])
		}
	}
}

// TestDecodeVersion1 reads a file of the first format, which named no
// architecture: a cnn2 model.
func TestDecodeVersion1(t *testing.T) {
	m, err := NewModel([3]int64{1, 8, 8}, []string{"a", "b"})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Encode(&buf, m, Info{}); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	n := binary.LittleEndian.Uint32(good[8:12])
	h := []byte(`{"version":1,"shape":[1,8,8],"classes":["a","b"],"hidden":128}`)
	v1 := append([]byte(fileMagic), binary.LittleEndian.AppendUint32(nil, uint32(len(h)))...)
	v1 = append(append(v1, h...), good[12+n:]...)
	got, _, err := Decode(bytes.NewReader(v1))
	if err != nil {
		t.Fatal(err)
	}
	if got.Arch != ArchCNN2 {
		t.Errorf("version 1 file decoded as %q, want %q", got.Arch, ArchCNN2)
	}
}
