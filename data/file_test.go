package data

import (
	"bytes"
	"io"
	"testing"
)

func TestReadExactly(t *testing.T) {
	tests := []struct {
		name string
		in   string
		n    int64
		want string // error fragment; "" for success
	}{
		{"exact", "abcd", 4, ""},
		{"empty", "", 0, ""},
		{"short", "abc", 4, "truncated: 3 bytes of data, want 4"},
		{"long", "abcde", 4, "more data than the header declares"},
		{"negative", "abc", -1, "negative size -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readExactly(bytes.NewReader([]byte(tt.in)), tt.n)
			if tt.want != "" {
				wantErr(t, err, ErrFormat, tt.want)
				return
			}
			if err != nil || string(got) != tt.in {
				t.Errorf("got %q, %v; want %q", got, err, tt.in)
			}
		})
	}
}

func TestOpenFileGunzipsByContent(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string][]byte{
		"plain.gz":   []byte("not gzipped at all"),
		"zipped.txt": gzipBytes([]byte("not gzipped at all")),
	} {
		f, err := openFile(writeFile(t, dir, name, content))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(f)
		f.Close()
		if err != nil || string(got) != "not gzipped at all" {
			t.Errorf("%s: read %q, %v; want the text", name, got, err)
		}
	}
	bad := writeFile(t, dir, "bad.gz", []byte{0x1f, 0x8b, 0, 0})
	_, err := openFile(bad)
	wantErr(t, err, ErrFormat, "bad.gz", "gzip")
}
