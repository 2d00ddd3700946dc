package nn

import "testing"

func TestNumParamsMatchesTensors(t *testing.T) {
	for _, s := range defaultSpecs(t) {
		net, err := New(s)
		if err != nil {
			t.Fatal(err)
		}
		want := CountParams(net.Parameters())
		if got, err := NumParams(s); err != nil || got != want {
			t.Errorf("%s: NumParams = %d, %v; the tensors hold %d", s, got, err, want)
		}
	}
}
