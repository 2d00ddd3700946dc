package docker

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
)

// instruction is one Dockerfile instruction with continuations joined.
type instruction struct {
	Cmd  string // upper case: FROM, RUN, ...
	Args string
	Line int
}

func parse(t *testing.T, path string) []instruction {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []instruction
	var cur strings.Builder
	start := 0
	for i, line := range strings.Split(string(raw), "\n") {
		trimmed := strings.TrimSpace(line)
		if cur.Len() == 0 && (trimmed == "" || strings.HasPrefix(trimmed, "#")) {
			continue
		}
		if cur.Len() == 0 {
			start = i + 1
		}
		if strings.HasPrefix(trimmed, "#") {
			continue // a comment inside a continued instruction
		}
		if strings.HasSuffix(trimmed, "\\") {
			cur.WriteString(strings.TrimSpace(strings.TrimSuffix(trimmed, "\\")) + " ")
			continue
		}
		cur.WriteString(trimmed)
		cmd, args, _ := strings.Cut(cur.String(), " ")
		out = append(out, instruction{Cmd: strings.ToUpper(cmd), Args: args, Line: start})
		cur.Reset()
	}
	if cur.Len() != 0 {
		t.Fatalf("%s: file ends inside a continued instruction", path)
	}
	return out
}

// stages returns the FROM instructions' images (with ARG defaults
// substituted) and stage names.
func stages(t *testing.T, path string, ins []instruction) (images, names []string) {
	t.Helper()
	args := map[string]string{}
	for _, in := range ins {
		switch in.Cmd {
		case "ARG":
			if k, v, ok := strings.Cut(in.Args, "="); ok {
				args[k] = v
			}
		case "FROM":
			f := strings.Fields(in.Args)
			img := f[0]
			for k, v := range args {
				img = strings.ReplaceAll(img, "${"+k+"}", v)
			}
			images = append(images, img)
			name := ""
			if len(f) == 3 && strings.EqualFold(f[1], "AS") {
				name = f[2]
			}
			names = append(names, name)
		}
	}
	if len(images) == 0 {
		t.Fatalf("%s: no FROM", path)
	}
	return images, names
}

func goDirective(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindSubmatch(raw)
	if m == nil {
		t.Fatal("go.mod has no go directive")
	}
	return string(m[1])
}

func TestDockerfiles(t *testing.T) {
	goVersion := goDirective(t)
	tests := []struct {
		path      string
		finalBase string // prefix of the last stage's image
		needs     []string
	}{
		{"../Dockerfile", "nvidia/cuda:11.7.1-", []string{
			"libtorch-cxx11-abi-shared-with-deps-1.13.0%2Bcu117.zip", "sha256sum",
			"LIBTORCH_SHA256=5f02678519747f4813e812949c4badd57fb69915a5d6c200ea9ad4a1d1611697",
			`if [ "$sum" != "$LIBTORCH_SHA256" ]`, "LIBTORCH=/opt/libtorch"}},
		{"cpu.Dockerfile", "debian:bookworm", nil},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			ins := parse(t, tc.path)
			images, names := stages(t, tc.path, ins)

			// Every base image is pinned by a tag, never latest.
			for _, img := range images {
				if !strings.Contains(img, ":") || strings.HasSuffix(img, ":latest") {
					t.Errorf("base image %q is not pinned by tag", img)
				}
			}
			if last := images[len(images)-1]; !strings.HasPrefix(last, tc.finalBase) {
				t.Errorf("final stage FROM %q, want %s...", last, tc.finalBase)
			}

			// Go comes from the official image of go.mod's version.
			if !contains(images, "golang:"+goVersion+"-bookworm") {
				t.Errorf("no golang:%s-bookworm stage (go.mod says go %s): %v",
					goVersion, goVersion, images)
			}

			// COPY --from names a stage defined above it.
			for _, in := range ins {
				if in.Cmd != "COPY" || !strings.HasPrefix(in.Args, "--from=") {
					continue
				}
				from := strings.TrimPrefix(strings.Fields(in.Args)[0], "--from=")
				if !contains(names, from) {
					t.Errorf("line %d: COPY --from=%s names no stage (%v)", in.Line, from, names)
				}
			}

			// The image is built by the same setup script as a developer's machine.
			var all strings.Builder
			setup := false
			for _, in := range ins {
				all.WriteString(in.Cmd + " " + in.Args + "\n")
				if in.Cmd == "RUN" && strings.Contains(in.Args, "scripts/setup.sh") &&
					strings.Contains(in.Args, "build/cgo.env") &&
					strings.Contains(in.Args, "./cmd/sgan") {
					setup = true
				}
			}
			if !setup {
				t.Error("no RUN step calling scripts/setup.sh and building ./cmd/sgan " +
					"with build/cgo.env")
			}
			for _, s := range tc.needs {
				if !strings.Contains(all.String(), s) {
					t.Errorf("lacks %q", s)
				}
			}

			// The entrypoint is the sgan binary, in exec form.
			last := ins[len(ins)-1]
			var entry []string
			for _, in := range ins {
				if in.Cmd == "ENTRYPOINT" {
					if err := json.Unmarshal([]byte(in.Args), &entry); err != nil {
						t.Fatalf("line %d: ENTRYPOINT not in exec form: %v", in.Line, err)
					}
				}
			}
			if len(entry) == 0 || !strings.HasSuffix(entry[0], "/sgan") {
				t.Errorf("ENTRYPOINT %v, want the sgan binary", entry)
			}
			if last.Cmd != "CMD" && last.Cmd != "ENTRYPOINT" {
				t.Errorf("last instruction %s, want ENTRYPOINT or CMD", last.Cmd)
			}
		})
	}
}

func TestParseJoinsContinuations(t *testing.T) {
	dir := t.TempDir()
	p := dir + "/Dockerfile"
	src := "FROM debian:bookworm AS a\n# comment\nRUN one \\\n" +
		"    # inner comment\n    two\nCMD [\"x\"]\n"
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	ins := parse(t, p)
	if len(ins) != 3 || ins[1].Cmd != "RUN" || ins[1].Args != "one two" || ins[1].Line != 3 {
		t.Fatalf("parse = %+v, want RUN \"one two\" at line 3 among 3 instructions", ins)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
