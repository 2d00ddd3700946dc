package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sgan-dev/sgan/report"
)

// textRuns sums up text runs of scripts/reproduce/text.sh:
//
//	go run ./scripts/reproduce/aggregate text -out DIR RUN...
//
// For each run directory it reads evals.jsonl and samples/*.txt and writes,
// into DIR/text.md and on stdout, for every generator: its distinct
// characters at the first evaluation, the first iteration at which it
// produces a single character (the state of a standard WGAN's generator for
// its first 660 iterations in the paper's Table 2), the first iteration
// after that at which it produces more than one again, and its n-gram JSDs
// at the last evaluation; then samples of G0, G1 and the baseline at a few
// iterations, as Table 2. DIR/jsd.png (for several runs DIR/jsd-SETTING.png,
// SETTING the folder of the run directory) is the JSDs and distinct
// characters against the iteration.
func textRuns(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("text", flag.ContinueOnError)
	out := fs.String("out", ".", "folder to write into")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errors.New("text: no run directory given")
	}
	var md strings.Builder
	for _, dir := range fs.Args() {
		png := "jsd.png"
		if fs.NArg() > 1 { // text.sh's runs: OUT/SETTING/0001-NAME
			png = "jsd-" + filepath.Base(filepath.Dir(filepath.Clean(dir))) + ".png"
		}
		if err := textRun(&md, dir, filepath.Join(*out, png)); err != nil {
			return err
		}
	}
	fmt.Fprint(stdout, md.String())
	return os.WriteFile(filepath.Join(*out, "text.md"), []byte(md.String()), 0o644)
}

// genSeries is one generator's figures by evaluated iteration.
type genSeries struct {
	name       string
	iterations []int
	figures    []map[string]float64
}

func textRun(md *strings.Builder, dir, png string) error {
	recs, err := report.ReadEvalsFile(filepath.Join(dir, report.EvalsFile))
	if err != nil {
		return err
	}
	recs = lastOfEachIteration(recs)
	if len(recs) == 0 {
		return fmt.Errorf("%s: evals.jsonl has no record", dir)
	}
	series := byGenerator(recs)
	fmt.Fprintf(md, "### %s\n\n", runLabel(dir))
	fmt.Fprintf(md, "Iterations %d to %d, evaluated every %d.\n\n", recs[0].Iteration,
		recs[len(recs)-1].Iteration, step(recs))
	md.WriteString("| generator | distinct chars at first | first single-char iteration | " +
		"first iteration with more than one char after it | JSD 1-gram | 2-gram | 3-gram | " +
		"4-gram (last) |\n|---|---|---|---|---|---|---|---|\n")
	for _, s := range series {
		single, recovered := firstCollapse(s)
		last := s.figures[len(s.figures)-1]
		fmt.Fprintf(md, "| %s | %.0f | %s | %s | %.3f | %.3f | %.3f | %.3f |\n", s.name,
			s.figures[0]["distinct_chars"], single, recovered, last["jsd1"], last["jsd2"],
			last["jsd3"], last["jsd4"])
	}
	md.WriteString("\n")
	if err := topChars(md, dir, series, tableIterations(recs)); err != nil {
		return err
	}
	if err := textSamples(md, dir, recs); err != nil {
		return err
	}
	c, err := report.EvalsCanvas(runLabel(dir)+": character n-gram JSD (nats)", recs)
	if err != nil {
		return err
	}
	return report.SavePNG(png, c)
}

// lastOfEachIteration keeps, of records that a resumed run wrote again for
// one iteration, the last, in iteration order.
func lastOfEachIteration(recs []report.EvalRecord) []report.EvalRecord {
	byIt := map[int]report.EvalRecord{}
	for _, r := range recs {
		byIt[r.Iteration] = r
	}
	out := make([]report.EvalRecord, 0, len(byIt))
	for _, r := range byIt {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b report.EvalRecord) int { return a.Iteration - b.Iteration })
	return out
}

func step(recs []report.EvalRecord) int {
	if len(recs) < 3 {
		return recs[len(recs)-1].Iteration - recs[0].Iteration
	}
	return recs[2].Iteration - recs[1].Iteration
}

// byGenerator splits records into each generator's series, in the order of
// the first record (G0, G1..GN, baseline).
func byGenerator(recs []report.EvalRecord) []genSeries {
	var out []genSeries
	index := map[string]int{}
	for _, r := range recs {
		for _, g := range r.Generators {
			i, ok := index[g.Name]
			if !ok {
				i = len(out)
				index[g.Name] = i
				out = append(out, genSeries{name: g.Name})
			}
			out[i].iterations = append(out[i].iterations, r.Iteration)
			out[i].figures = append(out[i].figures, g.Figures)
		}
	}
	return out
}

// firstCollapse is the first iteration at which s has one distinct
// character and the first after it with more than one ("never" and "-"
// when it never collapses, "not by N" when it does not recover).
func firstCollapse(s genSeries) (single, recovered string) {
	for i, f := range s.figures {
		if f["distinct_chars"] > 1 {
			continue
		}
		single = fmt.Sprint(s.iterations[i])
		for j := i + 1; j < len(s.figures); j++ {
			if s.figures[j]["distinct_chars"] > 1 {
				return single, fmt.Sprint(s.iterations[j])
			}
		}
		return single, fmt.Sprintf("not by %d", s.iterations[len(s.iterations)-1])
	}
	return "never", "-"
}

// textSamples writes the first two samples of G0, G1 and the baseline at
// the first evaluation, at iterations 100 and 200 (the paper's Table 2
// rows) and at the last, where the run has them; iterations without any
// are left out.
func textSamples(md *strings.Builder, dir string, recs []report.EvalRecord) error {
	its := tableIterations(recs)
	md.WriteString("| iteration | G0 | G1 | baseline |\n|---|---|---|---|\n")
	for _, it := range its {
		row := []string{fmt.Sprint(it)}
		for _, name := range []string{"G0", "G1", "baseline"} {
			raw, err := os.ReadFile(filepath.Join(dir, report.SamplesDir,
				fmt.Sprintf("%08d-%s.txt", it, name)))
			if errors.Is(err, os.ErrNotExist) {
				row = append(row, "-")
				continue
			}
			if err != nil {
				return err
			}
			lines := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")
			cells := make([]string, 0, 2)
			for _, l := range lines[:min(2, len(lines))] {
				cells = append(cells, "`"+strings.ReplaceAll(l, "`", "'")+"`")
			}
			row = append(row, strings.ReplaceAll(strings.Join(cells, "<br>"), "|", "\\|"))
		}
		if strings.Join(row[1:], "") == "---" {
			continue // no samples at this iteration
		}
		fmt.Fprintf(md, "| %s |\n", strings.Join(row, " | "))
	}
	md.WriteString("\n")
	return nil
}

// runLabel names a run by its folder and its directory, SETTING/0001-NAME.
func runLabel(dir string) string {
	dir = filepath.Clean(dir)
	return filepath.Base(filepath.Dir(dir)) + "/" + filepath.Base(dir)
}

// tableIterations are the first and last evaluated iterations and, between
// them, 100 and 200: the rows of the paper's Table 2.
func tableIterations(recs []report.EvalRecord) []int {
	first, last := recs[0].Iteration, recs[len(recs)-1].Iteration
	its := []int{first, last}
	for _, it := range []int{100, 200} {
		if it > first && it < last {
			its = append(its, it)
		}
	}
	slices.Sort(its)
	return slices.Compact(its)
}

// topChars writes, for every generator at the iterations its, the most
// common character of its shown samples (samples/NNNNNNNN-NAME.txt, a
// newline inside a sample written ⏎) and its share of their characters:
// a share near 1 is the one-character output of the paper's young WGAN,
// which distinct_chars over 1,000 samples misses when a few stray
// characters remain.
func topChars(md *strings.Builder, dir string, series []genSeries, its []int) error {
	md.WriteString("Most common character of the 64 shown samples and its share:\n\n" +
		"| generator |")
	for _, it := range its {
		fmt.Fprintf(md, " %d |", it)
	}
	md.WriteString("\n|---|" + strings.Repeat("---|", len(its)) + "\n")
	for _, s := range series {
		fmt.Fprintf(md, "| %s |", s.name)
		for _, it := range its {
			raw, err := os.ReadFile(filepath.Join(dir, report.SamplesDir,
				fmt.Sprintf("%08d-%s.txt", it, s.name)))
			if errors.Is(err, os.ErrNotExist) {
				md.WriteString(" - |")
				continue
			}
			if err != nil {
				return err
			}
			r, share := topChar(string(raw))
			fmt.Fprintf(md, " `%s` %.2f |", strings.ReplaceAll(string(r), "|", "\\|"),
				share)
		}
		md.WriteString("\n")
	}
	md.WriteString("\n")
	return nil
}

// topChar is the most common character of text, line breaks aside, and
// its share (the first in rune order on a tie).
func topChar(text string) (rune, float64) {
	counts := map[rune]int{}
	total := 0
	for _, r := range text {
		if r != '\n' {
			counts[r]++
			total++
		}
	}
	var best rune
	for r, n := range counts {
		if n > counts[best] || n == counts[best] && r < best {
			best = r
		}
	}
	if total == 0 {
		return ' ', 0
	}
	return best, float64(counts[best]) / float64(total)
}
