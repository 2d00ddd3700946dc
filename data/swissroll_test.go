package data

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSwissRollMoments compares the sample mean of the roll with the mean
// of t*cos t / 7.5 and t*sin t / 7.5 for t uniform on [1.5 pi, 4.5 pi],
// integrated numerically.
func TestSwissRollMoments(t *testing.T) {
	s, _ := NewSwissRoll(SwissRollOptions{})
	const n = 200000
	pts := make([]float32, 2*n)
	s.Fill(pts, nil, make([]int, n), rand.New(rand.NewPCG(3, 4)))
	var mx, my float64
	for i := 0; i < n; i++ {
		mx += float64(pts[2*i]) / n
		my += float64(pts[2*i+1]) / n
	}
	var ix, iy float64
	const steps = 100000
	a, b := 1.5*math.Pi, 4.5*math.Pi
	for k := 0; k < steps; k++ {
		u := a + (b-a)*(float64(k)+0.5)/steps
		ix += u * math.Cos(u) / 7.5 / steps
		iy += u * math.Sin(u) / 7.5 / steps
	}
	// The coordinates have std about 0.9, so the sample mean's is ~0.002.
	if math.Abs(mx-ix) > 0.01 || math.Abs(my-iy) > 0.01 {
		t.Errorf("sample mean (%.4f, %.4f), want (%.4f, %.4f)", mx, my, ix, iy)
	}
	if s.Classes() != nil || s.Len() != 0 {
		t.Errorf("classes %v, len %d; want none and 0 (endless)", s.Classes(), s.Len())
	}
}
