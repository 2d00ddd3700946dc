package metrics

import "fmt"

// Matrix is a row-major float32 matrix: one row per sample, as the features
// or logits a network returns.
type Matrix struct {
	Rows, Cols int
	Data       []float32 // Rows*Cols values, row after row
}

// NewMatrix wraps data as a rows x cols matrix without copying it.
func NewMatrix(rows, cols int, data []float32) (Matrix, error) {
	if rows < 0 || cols < 0 || len(data) != rows*cols {
		return Matrix{}, fmt.Errorf("metrics: %d values for a %dx%d matrix", len(data), rows, cols)
	}
	return Matrix{Rows: rows, Cols: cols, Data: data}, nil
}

// Row is row i, sharing m's memory.
func (m Matrix) Row(i int) []float32 { return m.Data[i*m.Cols : (i+1)*m.Cols] }

// Append adds the rows of o below those of m. An empty m takes o's width.
func (m *Matrix) Append(o Matrix) error {
	if m.Rows == 0 && len(m.Data) == 0 {
		m.Cols = o.Cols
	}
	if o.Cols != m.Cols {
		return fmt.Errorf("metrics: append rows of width %d to a matrix of width %d", o.Cols,
			m.Cols)
	}
	m.Data = append(m.Data, o.Data...)
	m.Rows += o.Rows
	return nil
}

// validate checks that m is consistent and has at least minRows rows.
func (m Matrix) validate(what string, minRows int) error {
	if m.Rows < 0 || m.Cols <= 0 || len(m.Data) != m.Rows*m.Cols {
		return fmt.Errorf("metrics: %s: %d values for a %dx%d matrix",
			what, len(m.Data), m.Rows, m.Cols)
	}
	if m.Rows < minRows {
		return fmt.Errorf("metrics: %s: %d rows, want at least %d", what, m.Rows, minRows)
	}
	return nil
}
