package metrics

import (
	"strings"
	"testing"
)

func TestMatrix(t *testing.T) {
	m, err := NewMatrix(2, 3, []float32{1, 2, 3, 4, 5, 6})
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Row(1); got[0] != 4 || got[2] != 6 {
		t.Errorf("Row(1) = %v, want [4 5 6]", got)
	}
	var all Matrix
	for _, part := range []Matrix{m, {Rows: 1, Cols: 3, Data: []float32{7, 8, 9}}} {
		if err := all.Append(part); err != nil {
			t.Fatal(err)
		}
	}
	if all.Rows != 3 || all.Cols != 3 || all.Row(2)[1] != 8 {
		t.Errorf("appended %dx%d %v, want 3x3 ending 7 8 9", all.Rows, all.Cols, all.Data)
	}
	if err := all.Append(Matrix{Rows: 1, Cols: 2, Data: []float32{1, 2}}); err == nil ||
		!strings.Contains(err.Error(), "width 2 to a matrix of width 3") {
		t.Errorf("append of another width: err = %v", err)
	}
	if _, err := NewMatrix(2, 2, []float32{1, 2, 3}); err == nil {
		t.Error("NewMatrix with 3 values for 2x2: no error")
	}
}

func TestMatrixValidate(t *testing.T) {
	cases := []struct {
		name string
		m    Matrix
		want string
	}{
		{"inconsistent", Matrix{Rows: 2, Cols: 2, Data: make([]float32, 3)}, "3 values"},
		{"no columns", Matrix{Rows: 0, Cols: 0}, "0 values for a 0x0"},
		{"too few rows", Matrix{Rows: 1, Cols: 1, Data: []float32{1}}, "1 rows, want at least 2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.m.validate("test", 2)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}
