package report

import (
	"bufio"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// textShownLines is the number of samples of each generator a run page
// shows, from the top of its text file.
const textShownLines = 8

// textSamples is one generator's newest text samples on a run page, as a
// column of the paper's Table 2.
type textSamples struct {
	Name      string
	Iteration int
	Lines     []string
	File      string // relative path of the whole file
}

// newestTexts reads the text files NNNNNNNN-NAME.txt of dir/samples with
// the highest iteration, ordered G0, G1..GN, baseline, others by name: the
// first textShownLines lines of each.
func newestTexts(dir string) ([]textSamples, error) {
	files, newest, err := newestFiles(dir, SamplesDir, ".txt", "")
	if err != nil {
		return nil, err
	}
	var out []textSamples
	for _, rel := range files {
		lines, err := headLines(filepath.Join(dir, filepath.FromSlash(rel)), textShownLines)
		if err != nil {
			return nil, fmt.Errorf("report: index of %s: %w", dir, err)
		}
		name := strings.TrimSuffix(strings.SplitN(path.Base(rel), "-", 2)[1], ".txt")
		out = append(out, textSamples{Name: name, Iteration: newest, Lines: lines, File: rel})
	}
	return out, nil
}

// headLines is the first n lines of the file at path.
func headLines(path string, n int) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for len(lines) < n && sc.Scan() {
		lines = append(lines, sc.Text())
	}
	return lines, sc.Err()
}
