package main

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/urfave/cli/v2"
	"github.com/urfave/cli/v2/altsrc"
	"gopkg.in/yaml.v3"
)

// withConfigFile adds --config FILE to cmd: a YAML file of flag values
// keyed by flag name (`pairs: 5`, `dataset: mnist`). A flag given on the
// command line or in its environment variable wins over the file; the file
// wins over the flags' defaults. Unknown keys are errors.
func withConfigFile(cmd *cli.Command) *cli.Command {
	floats := map[string]bool{}
	flags := make([]cli.Flag, 0, len(cmd.Flags)+1)
	for _, f := range cmd.Flags {
		flags = append(flags, fileFlag(f, floats))
	}
	flags = append(flags, &cli.StringFlag{Name: "config", EnvVars: env("config"),
		Usage: "a YAML file of flag values keyed by flag name (flags and env win over it)"})
	cmd.Flags = flags
	before := cmd.Before
	cmd.Before = func(c *cli.Context) error {
		if err := applyConfigFile(c, flags, floats); err != nil {
			return err
		}
		if before != nil {
			return before(c)
		}
		return nil
	}
	return cmd
}

// fileFlag is f made settable from a file, or f itself for a kind of flag
// that cannot be; float flags are noted in floats.
func fileFlag(f cli.Flag, floats map[string]bool) cli.Flag {
	switch f := f.(type) {
	case *cli.StringFlag:
		return altsrc.NewStringFlag(f)
	case *cli.IntFlag:
		return altsrc.NewIntFlag(f)
	case *cli.Uint64Flag:
		return altsrc.NewUint64Flag(f)
	case *cli.BoolFlag:
		return altsrc.NewBoolFlag(f)
	case *cli.Float64Flag:
		floats[f.Name] = true
		return altsrc.NewFloat64Flag(f)
	}
	return f
}

// applyConfigFile sets the flags not given otherwise from the file of
// --config, after checking that every key is a flag that a file can set.
func applyConfigFile(c *cli.Context, flags []cli.Flag, floats map[string]bool) error {
	path := c.String("config")
	if path == "" {
		return nil
	}
	bad := func(format string, a ...any) error {
		return usageError{fmt.Errorf("--config %s: "+format, append([]any{path}, a...)...)}
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return bad("%w", err)
	}
	var values map[string]any
	if err := yaml.Unmarshal(raw, &values); err != nil {
		return bad("not YAML of flag: value lines (%w)", err)
	}
	settable := map[string]bool{}
	for _, f := range flags {
		if _, ok := f.(altsrc.FlagInputSourceExtension); ok {
			settable[f.Names()[0]] = true
		}
	}
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	m := make(map[any]any, len(values))
	for _, k := range keys {
		v := values[k]
		if !settable[k] {
			return bad("unknown key %q: the keys are the flag names (%s)", k,
				strings.Join(sortedKeys(settable), ", "))
		}
		if n, ok := v.(int); ok && floats[k] {
			v = float64(n)
		}
		switch v.(type) {
		case string, int, float64, bool:
		default:
			return bad("%s: want a single value, not %v", k, v)
		}
		m[k] = v
	}
	if err := altsrc.ApplyInputSourceValues(c, altsrc.NewMapInputSource(path, m),
		flags); err != nil {
		return bad("%w", err)
	}
	return nil
}

func sortedKeys(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
