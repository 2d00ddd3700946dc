package metrics

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

func TestNGramCounts(t *testing.T) {
	tests := []struct {
		texts []string
		n     int
		want  map[string]int
	}{
		{[]string{"abc", "ab"}, 1, map[string]int{"a": 2, "b": 2, "c": 1}},
		{[]string{"abc", "ab"}, 2, map[string]int{"ab": 2, "bc": 1}},
		{[]string{"abc", "ab"}, 3, map[string]int{"abc": 1}},
		{[]string{"abc", "ab"}, 4, map[string]int{}},
		{[]string{"aaaa"}, 2, map[string]int{"aa": 3}},
		{[]string{"été"}, 2, map[string]int{"ét": 1, "té": 1}}, // runes, not bytes
		{[]string{"ab"}, 0, map[string]int{}},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%q/%d", tc.texts, tc.n), func(t *testing.T) {
			got := NGramCounts(tc.texts, tc.n)
			if len(got) != len(tc.want) {
				t.Fatalf("NGramCounts = %v, want %v", got, tc.want)
			}
			for k, v := range tc.want {
				if got[k] != v {
					t.Errorf("count of %q = %d, want %d", k, got[k], v)
				}
			}
		})
	}
}

func TestJSD(t *testing.T) {
	const tol = 1e-12
	tests := []struct {
		name string
		p, q map[string]int
		want float64
	}{
		{"identical", map[string]int{"a": 1, "b": 3}, map[string]int{"a": 1, "b": 3}, 0},
		{"identical up to scale", map[string]int{"a": 2, "b": 6},
			map[string]int{"a": 1, "b": 3}, 0},
		{"disjoint", map[string]int{"a": 5}, map[string]int{"b": 1, "c": 7}, math.Ln2},
		// P = (1/2, 1/2), Q = (1, 0), M = (3/4, 1/4):
		// 1/2 (1/2 ln(2/3) + 1/2 ln 2) + 1/2 ln(4/3) = 0.2158 nats.
		{"half overlap", map[string]int{"a": 1, "b": 1}, map[string]int{"a": 1},
			0.5*(0.5*math.Log(0.5/0.75)+0.5*math.Log(0.5/0.25)) + 0.5*math.Log(1/0.75)},
		// P = (1/4, 3/4), Q = (3/4, 1/4), M = (1/2, 1/2):
		// JSD = 1/4 ln(1/2) + 3/4 ln(3/2) = 0.1308...
		{"mirrored", map[string]int{"a": 1, "b": 3}, map[string]int{"a": 3, "b": 1},
			0.25*math.Log(0.5) + 0.75*math.Log(1.5)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, order := range [][2]map[string]int{{tc.p, tc.q}, {tc.q, tc.p}} {
				got, err := JSD(order[0], order[1])
				if err != nil {
					t.Fatal(err)
				}
				if math.Abs(got-tc.want) > tol {
					t.Errorf("JSD = %.15g, want %.15g", got, tc.want)
				}
			}
		})
	}
}

func TestJSDErrors(t *testing.T) {
	for _, tc := range []struct{ p, q map[string]int }{
		{map[string]int{}, map[string]int{"a": 1}},
		{map[string]int{"a": 1}, nil},
		{map[string]int{"a": -1, "b": 2}, map[string]int{"a": 1}},
	} {
		if _, err := JSD(tc.p, tc.q); err == nil {
			t.Errorf("JSD(%v, %v): no error, want one", tc.p, tc.q)
		}
	}
}

func TestNGramJSD(t *testing.T) {
	const tol = 1e-12
	real := []string{"abab", "baba"}
	tests := []struct {
		name string
		fake []string
		want []float64
	}{
		{"the real texts", []string{"abab", "baba"}, []float64{0, 0, 0, 0}},
		{"another alphabet", []string{"xyzx"}, []float64{math.Ln2, math.Ln2, math.Ln2,
			math.Ln2}},
		// One character only, the collapse of a young generator: unigrams
		// P = (1, 0), Q = (1/2, 1/2), the "half overlap" of TestJSD; every
		// longer n-gram is disjoint.
		{"one character", []string{"aaaa"},
			[]float64{0.5*(0.5*math.Log(0.5/0.75)+0.5*math.Log(0.5/0.25)) +
				0.5*math.Log(1/0.75), math.Ln2, math.Ln2, math.Ln2}},
		// Bigrams ab and ba half each, as the real texts'; no 3- or 4-gram.
		{"too short for 3-grams", []string{"ab", "ba"},
			[]float64{0, 0, math.Ln2, math.Ln2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := NGramJSD(tc.fake, real, NGramOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != DefaultMaxN {
				t.Fatalf("%d divergences, want %d", len(got), DefaultMaxN)
			}
			for n := range got {
				if math.Abs(got[n]-tc.want[n]) > tol {
					t.Errorf("%d-gram JSD = %.15g, want %.15g", n+1, got[n], tc.want[n])
				}
			}
		})
	}
}

func TestNGramJSDErrors(t *testing.T) {
	tests := []struct {
		name       string
		fake, real []string
		opt        NGramOptions
		want       string
	}{
		{"no fake", nil, []string{"ab"}, NGramOptions{}, "no texts"},
		{"short real", []string{"abcd"}, []string{"ab"}, NGramOptions{}, "no 3-gram"},
		{"bad max n", []string{"a"}, []string{"a"}, NGramOptions{MaxN: -1}, "max n -1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NGramJSD(tc.fake, tc.real, tc.opt)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}
