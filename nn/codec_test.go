package nn

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"strings"
	"testing"
)

// encoded returns the state of a new network of spec s and the network.
func encoded(t testing.TB, s Spec) ([]byte, Network) {
	t.Helper()
	n := mustNew(t, s)
	var buf bytes.Buffer
	if err := Encode(&buf, n); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), n
}

func TestEncodeDecodeSeveralNetworksInOneStream(t *testing.T) {
	specs := []Spec{
		{Arch: DCGAN32, Role: Generator, NZ: 8, NGF: 4},
		{Arch: MLP, Role: Discriminator, Hidden: 8},
		{Arch: DCGAN28, Role: Discriminator, NDF: 4},
	}
	var stream bytes.Buffer
	var saved []Network
	for _, s := range specs {
		n := mustNew(t, s)
		n.Forward(input(n.Spec(), 2)) // running statistics off their start
		if err := Encode(&stream, n); err != nil {
			t.Fatal(err)
		}
		saved = append(saved, n)
	}
	r := bytes.NewReader(stream.Bytes())
	for i, want := range saved {
		var got Network
		if i%2 == 0 {
			got = mustNew(t, specs[i])
			if err := Decode(r, got); err != nil {
				t.Fatal(err)
			}
		} else {
			var err error
			if got, err = DecodeNew(r); err != nil {
				t.Fatal(err)
			}
		}
		if got.Spec() != want.Spec() {
			t.Errorf("network %d: spec %s, want %s", i, got.Spec(), want.Spec())
		}
		if !equalSnapshots(snapshot(state(got)), snapshot(state(want))) {
			t.Errorf("network %d: state differs after the round trip", i)
		}
	}
	if r.Len() != 0 {
		t.Errorf("%d bytes left after the last network", r.Len())
	}
}

func TestDecodeIntoAnotherArchitecture(t *testing.T) {
	data, saved := encoded(t, Spec{Arch: DCGAN32, Role: Discriminator, NDF: 4})
	n := mustNew(t, Spec{Arch: DCGAN64, Role: Discriminator, NDF: 4})
	before := snapshot(state(n))
	err := Decode(bytes.NewReader(data), n)
	if err == nil || !strings.Contains(err.Error(), saved.Spec().String()) ||
		!strings.Contains(err.Error(), n.Spec().String()) {
		t.Fatalf("err = %v, want an error naming both architectures", err)
	}
	if !equalSnapshots(before, snapshot(state(n))) {
		t.Error("a failed decode changed the network")
	}
}

// reseal recomputes the checksum of a state modified by a test.
func reseal(data []byte) []byte {
	body := data[:len(data)-4]
	return binary.LittleEndian.AppendUint32(append([]byte{}, body...),
		crc32.ChecksumIEEE(body))
}

func TestDecodeErrors(t *testing.T) {
	spec := Spec{Arch: MLP, Role: Generator, NZ: 4, Hidden: 4}
	good, _ := encoded(t, spec)
	specEnd := len(magic) + 8 + int(binary.LittleEndian.Uint32(good[len(magic)+4:]))
	edit := func(f func(b []byte) []byte) []byte {
		return f(append([]byte{}, good...))
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "truncated"},
		{"magic", edit(func(b []byte) []byte { b[0] = 'X'; return b }), "not a network state"},
		{"version", edit(func(b []byte) []byte { b[len(magic)] = 9; return reseal(b) }),
			"format version 9"},
		{"huge spec", edit(func(b []byte) []byte {
			binary.LittleEndian.PutUint32(b[len(magic)+4:], 1<<30)
			return b
		}), "spec of 1073741824 bytes"},
		{"unknown option", edit(func(b []byte) []byte {
			b = bytes.Replace(b, []byte(`"nz"`), []byte(`"zz"`), 1)
			return reseal(b)
		}), `unknown field "zz"`},
		{"invalid spec", edit(func(b []byte) []byte {
			b = bytes.Replace(b, []byte(`"linear"`), []byte(`"cosine"`), 1)
			return reseal(b)
		}), `output "cosine"`},
		{"counts", edit(func(b []byte) []byte { b[specEnd]++; return reseal(b) }),
			"9 parameters and 0 buffers, want 8 and 0"},
		{"shape", edit(func(b []byte) []byte { b[specEnd+12]++; return reseal(b) }),
			"tensor 0: shape [5 4], want [4 4]"},
		{"flipped value", edit(func(b []byte) []byte { b[len(b)-5] ^= 1; return b }),
			"checksum"},
		{"truncated", good[:len(good)-1], "truncated"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeNew(bytes.NewReader(tc.data))
			if err == nil || !strings.Contains(err.Error(), tc.want) ||
				!strings.HasPrefix(err.Error(), "nn: decode") {
				t.Fatalf("DecodeNew: err = %v, want an nn: decode error containing %q",
					err, tc.want)
			}
			n := mustNew(t, spec)
			before := snapshot(state(n))
			if err := Decode(bytes.NewReader(tc.data), n); err == nil {
				t.Fatal("Decode accepted the state")
			}
			if !equalSnapshots(before, snapshot(state(n))) {
				t.Error("a failed decode changed the network")
			}
		})
	}
}

// FuzzDecodeNew feeds arbitrary bytes to the decoder: it must return a
// network or an error, never panic or allocate without bound.
func FuzzDecodeNew(f *testing.F) {
	good, _ := encoded(f, Spec{Arch: MLP, Role: Discriminator, Hidden: 2, Layers: 2})
	f.Add(good)
	f.Add(good[:40])
	f.Add(reseal(bytes.Replace(good, []byte(`"hidden":2`), []byte(`"hidden":9`), 1)))
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := DecodeNew(bytes.NewReader(data))
		if err == nil {
			var buf bytes.Buffer
			if err := Encode(&buf, n); err != nil {
				t.Fatal(err)
			}
			again, err := DecodeNew(&buf)
			if err != nil {
				t.Fatal(err)
			}
			if again.Spec() != n.Spec() ||
				!equalSnapshots(snapshot(state(again)), snapshot(state(n))) {
				t.Error("the decoded network does not survive a round trip")
			}
		}
	})
}

// failingWriter accepts limit bytes, then fails.
type failingWriter struct{ limit int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.limit {
		n := w.limit
		w.limit = 0
		return n, errors.New("device full")
	}
	w.limit -= len(p)
	return len(p), nil
}

func TestEncodeReportsWriteErrors(t *testing.T) {
	good, n := encoded(t, Spec{Arch: MLP, Role: Generator, NZ: 4, Hidden: 4})
	for _, limit := range []int{0, 10, len(good) - 4, len(good) - 1} {
		err := Encode(&failingWriter{limit: limit}, n)
		if err == nil || !strings.Contains(err.Error(), "device full") {
			t.Errorf("limit %d: err = %v, want the writer's error", limit, err)
		}
	}
}
