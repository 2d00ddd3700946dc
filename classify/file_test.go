package classify

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
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
