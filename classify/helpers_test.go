package classify

import (
	"testing"

	"github.com/sgan-dev/sgan/data"
)

// halves is a labelled set of n 8x8 grey images: class 0 has a bright top
// half, class 1 a bright bottom half, with a little deterministic noise.
func halves(t *testing.T, n int) *data.Images {
	t.Helper()
	pix := make([]uint8, n*64)
	labels := make([]int, n)
	for i := range n {
		labels[i] = i % 2
		for p := range 64 {
			bright := (p < 32) == (labels[i] == 0)
			v := uint8((i*7 + p*13) % 40)
			if bright {
				v += 200
			}
			pix[i*64+p] = v
		}
	}
	set, err := data.NewImages(pix, [3]int{1, 8, 8}, labels, []string{"top", "bottom"})
	if err != nil {
		t.Fatal(err)
	}
	return set
}
