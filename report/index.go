package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"math"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// IndexOptions say what a run page shows besides the run directory's files.
type IndexOptions struct {
	// Status is one line on the run's state, e.g. "running: iteration 300
	// of 1000" or "done: 1000 iterations".
	Status string
	// Refresh, when positive, makes the page reload itself at that
	// interval (while the run goes on); zero for a finished run.
	Refresh time.Duration
}

// Index pages name the pictures by these relative paths.
const (
	SamplesDir     = "samples"
	PlotsDir       = "plots"
	CheckpointsDir = "checkpoints"
	CurvesFile     = "curves.png"
	levelsSuffix   = "-levels.png"
)

// WriteIndex writes dir/index.html, atomically (a temporary file and a
// rename), from what the run directory dir holds: its name, o.Status, the
// last record of metrics.jsonl as a table, the newest pictures in samples/
// (every generator's) and, for text runs, the first samples of the newest
// text files there (a table like the paper's Table 2), the newest toy
// levels picture and the curves in
// plots/, links to checkpoints/ and config.json's content. Every picture
// and link is a relative path. Files the directory lacks are left out; a
// metrics.jsonl with a bad line is shown up to it, with the error.
func WriteIndex(dir string, o IndexOptions) error {
	page, err := readIndexPage(dir, o)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := indexTemplate.Execute(&buf, page); err != nil {
		return fmt.Errorf("report: index of %s: %w", dir, err)
	}
	return writeAtomic(filepath.Join(dir, "index.html"), buf.Bytes())
}

// indexPage is what the template shows.
type indexPage struct {
	Name, Status, Updated string
	Refresh               int // seconds; 0: none
	Latest                *Record
	MetricsError          string // why metrics.jsonl could not be read to its end
	Samples, Plots        []picture
	Texts                 []textSamples // text runs' newest samples
	Checkpoints           []string
	Config                string
}

// picture is an image of the page: its relative path with a version query
// (so that a reloading page does not show a cached older file) and caption.
type picture struct {
	Src     template.URL
	Caption string
}

func readIndexPage(dir string, o IndexOptions) (*indexPage, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("report: index of %s: %w", dir, err)
	}
	p := &indexPage{Name: filepath.Base(abs), Status: o.Status,
		Updated: time.Now().UTC().Format("2006-01-02 15:04:05 UTC")}
	if o.Refresh > 0 {
		p.Refresh = max(1, int(math.Round(o.Refresh.Seconds())))
	}
	recs, err := ReadMetricsFile(filepath.Join(dir, "metrics.jsonl"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		p.MetricsError = err.Error()
	}
	if len(recs) > 0 {
		p.Latest = &recs[len(recs)-1]
	}
	if p.Samples, err = newestPictures(dir, SamplesDir, ""); err != nil {
		return nil, err
	}
	if p.Texts, err = newestTexts(dir); err != nil {
		return nil, err
	}
	if p.Plots, err = newestPictures(dir, PlotsDir, levelsSuffix); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(dir, PlotsDir, CurvesFile)); err == nil {
		p.Plots = append(p.Plots, versioned(dir, path.Join(PlotsDir, CurvesFile),
			"loss curves"))
	}
	if _, err := os.Stat(filepath.Join(dir, PlotsDir, EvalsPlot)); err == nil {
		p.Plots = append(p.Plots, versioned(dir, path.Join(PlotsDir, EvalsPlot),
			"metrics of the generators"))
	}
	if p.Checkpoints, err = listFiles(dir, CheckpointsDir, ".sgan"); err != nil {
		return nil, err
	}
	if raw, err := os.ReadFile(filepath.Join(dir, "config.json")); err == nil {
		p.Config = prettyJSON(raw)
	}
	return p, nil
}

// newestPictures are the PNGs NNNNNNNN-NAME.png of dir/sub with the highest
// iteration NNNNNNNN (and, given, the suffix), ordered G0, G1..GN, baseline,
// others by name.
func newestPictures(dir, sub, suffix string) ([]picture, error) {
	files, newest, err := newestFiles(dir, sub, ".png", suffix)
	if err != nil {
		return nil, err
	}
	var pics []picture
	for _, rel := range files {
		label := strings.TrimSuffix(strings.SplitN(path.Base(rel), "-", 2)[1], ".png")
		pics = append(pics, versioned(dir, rel, fmt.Sprintf("%s, iteration %d", label, newest)))
	}
	return pics, nil
}

// newestFiles lists the files NNNNNNNN-NAME<suffix> of dir/sub ending in ext
// with the highest iteration NNNNNNNN, ordered G0, G1..GN, baseline, others
// by name, and that iteration (-1 when there are none).
func newestFiles(dir, sub, ext, suffix string) ([]string, int, error) {
	names, err := listFiles(dir, sub, ext)
	if err != nil {
		return nil, 0, err
	}
	newest, byIteration := -1, map[int][]string{}
	for _, rel := range names {
		base := path.Base(rel)
		prefix, _, ok := strings.Cut(base, "-")
		it, err := strconv.Atoi(prefix)
		if !ok || err != nil || !strings.HasSuffix(base, suffix) {
			continue
		}
		byIteration[it] = append(byIteration[it], rel)
		newest = max(newest, it)
	}
	files := byIteration[newest]
	sort.Slice(files, func(i, j int) bool {
		return pictureOrder(files[i]) < pictureOrder(files[j])
	})
	return files, newest, nil
}

// pictureOrder sorts files NNNNNNNN-NAME.ext by NAME: G0, G1, ..., GN,
// baseline, then the others.
func pictureOrder(rel string) string {
	label := strings.TrimSuffix(strings.SplitN(path.Base(rel), "-", 2)[1], path.Ext(rel))
	var i int
	if _, err := fmt.Sscanf(label, "G%d", &i); err == nil && label == fmt.Sprintf("G%d", i) {
		return fmt.Sprintf("0 %06d", i)
	}
	if label == "baseline" {
		return "1"
	}
	return "2 " + label
}

// listFiles are the relative paths (sub/NAME) of the regular files of
// dir/sub ending in ext, by name; none when dir/sub does not exist.
func listFiles(dir, sub, ext string) ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(dir, sub))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("report: index of %s: %w", dir, err)
	}
	var out []string
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasSuffix(e.Name(), ext) &&
			!strings.HasPrefix(e.Name(), ".") {
			out = append(out, path.Join(sub, e.Name()))
		}
	}
	return out, nil
}

// versioned is the picture dir/rel with its modification time as a query.
func versioned(dir, rel, caption string) picture {
	src := (&url.URL{Path: rel}).EscapedPath()
	if fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(rel))); err == nil {
		src += "?v=" + strconv.FormatInt(fi.ModTime().UnixNano(), 36)
	}
	return picture{Src: template.URL(src), Caption: caption}
}

func prettyJSON(raw []byte) string {
	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		return string(raw)
	}
	return buf.String()
}

var indexTemplate = template.Must(template.New("index").Funcs(template.FuncMap{
	"fig": func(v float64) string {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return "—"
		}
		return strconv.FormatFloat(v, 'f', 4, 64)
	},
	"num": func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) },
}).Parse(indexHTML))

const indexHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
{{- if .Refresh}}
<meta http-equiv="refresh" content="{{.Refresh}}">
{{- end}}
<title>{{.Name}} — sgan</title>
<style>
body { font-family: sans-serif; margin: 1.5em; color: #222; }
h1 { margin-bottom: 0.2em; }
.status { color: #555; margin-top: 0; }
.error { color: #b00; }
table { border-collapse: collapse; margin: 0.5em 0; }
td, th { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: right; }
th:first-child, td:first-child { text-align: left; }
figure { display: inline-block; margin: 0.4em; vertical-align: top; }
figure img { max-width: 100%; border: 1px solid #ddd; }
figcaption { font-size: 0.85em; color: #555; }
pre { background: #f6f6f6; padding: 0.6em; overflow-x: auto; font-size: 0.85em; }
td pre { margin: 0; text-align: left; }
</style>
</head>
<body>
<h1>{{.Name}}</h1>
<p class="status">{{.Status}} · page written {{.Updated}}</p>
{{- if .MetricsError}}
<p class="error">{{.MetricsError}}</p>
{{- end}}
{{- with .Latest}}
<h2>Latest figures</h2>
<p>iteration {{.Iteration}} · {{num .MsPerIteration}} ms/iteration · {{num .RSSMB}} MB resident
{{- if .Time}} · {{.Time}}{{end}}</p>
<table>
<tr><th>pair</th><th>lossD</th><th>lossG</th><th>mean D(x) real</th><th>mean D(G(z)) fake</th></tr>
{{- range .Pairs}}
<tr><td>{{.Name}}{{if .Quarantined}} (quarantined){{end}}</td><td>{{fig .LossD}}</td>
{{- ""}}<td>{{fig .LossG}}</td><td>{{fig .DReal}}</td><td>{{fig .DFake}}</td></tr>
{{- end}}
</table>
{{- range .Events}}
<p>{{.}}</p>
{{- end}}
{{- end}}
{{- if .Samples}}
<h2>Samples</h2>
{{- range .Samples}}
<figure><img src="{{.Src}}" alt="{{.Caption}}"><figcaption>{{.Caption}}</figcaption></figure>
{{- end}}
{{- end}}
{{- if .Texts}}
<h2>Text samples</h2>
<table class="texts">
<tr><th>generator</th><th>samples (⏎ is a newline)</th></tr>
{{- range .Texts}}
<tr><td><a href="{{.File}}">{{.Name}}</a>, iteration {{.Iteration}}</td><td><pre>
{{- range .Lines}}{{.}}
{{end}}</pre></td></tr>
{{- end}}
</table>
{{- end}}
{{- if .Plots}}
<h2>Plots</h2>
{{- range .Plots}}
<figure><img src="{{.Src}}" alt="{{.Caption}}"><figcaption>{{.Caption}}</figcaption></figure>
{{- end}}
{{- end}}
{{- if .Checkpoints}}
<h2>Checkpoints</h2>
<ul>
{{- range .Checkpoints}}
<li><a href="{{.}}">{{.}}</a></li>
{{- end}}
</ul>
{{- end}}
{{- if .Config}}
<h2>Configuration</h2>
<pre>{{.Config}}</pre>
{{- end}}
</body>
</html>
`
