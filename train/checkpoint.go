package train

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"sort"
	"strings"

	torch "github.com/wangkuiyi/gotorch"

	"github.com/sgan-dev/sgan/data"
	"github.com/sgan-dev/sgan/internal/torchx"
	"github.com/sgan-dev/sgan/nn"
)

// A checkpoint file is the magic, a gob-encoded checkpoint, the payload's
// CRC-32 (IEEE, little endian) and the completion mark. It is written to a
// temporary file, synced and renamed, so a checkpoint file that exists is
// complete; the mark and the CRC also catch a file truncated or damaged
// later.
const (
	checkpointMagic   = "SGANCKP1"
	checkpointMark    = "COMPLETE"
	checkpointVersion = 1
	checkpointPrefix  = "ckpt-"
	checkpointSuffix  = ".sgan"
)

// checkpoint is everything a run needs to continue bit for bit: all 2N+2
// networks (messengers excepted: each iteration rebuilds them from the D_i),
// every optimizer's state, every random stream's state and position, and the
// configuration.
type checkpoint struct {
	Version     int
	Config      Config
	Iteration   int
	Networks    [][]byte // nn.Encode of each network of networks()
	Optimizers  []optimizerState
	Generators  [][]byte // states of the noise generators of generators()
	GlobalRNG   []byte   // libtorch's global CPU generator
	Taken       map[string]int64
	Quarantined []bool
	Reinits     []int
}

type optimizerState struct {
	Steps  int64
	Shapes [][]int64
	Values [][]float32
}

// networks lists the networks a checkpoint holds, in a fixed order.
func (t *Trainer) networks() []nn.Network {
	var ns []nn.Network
	for _, p := range t.local {
		ns = append(ns, p.g, p.d)
	}
	if !t.cfg.NoGlobal {
		ns = append(ns, t.global.g, t.global.d)
	}
	if t.baseline != nil {
		ns = append(ns, t.baseline.g, t.baseline.d)
	}
	return ns
}

// optimizers lists the optimizers a checkpoint holds, in a fixed order.
func (t *Trainer) optimizers() []torchx.Optimizer {
	var os []torchx.Optimizer
	for _, p := range t.local {
		os = append(os, p.optG, p.optD)
	}
	if t.sharedG != nil {
		os = append(os, t.sharedG)
	}
	if t.sharedD != nil {
		os = append(os, t.sharedD)
	}
	if !t.cfg.NoGlobal {
		os = append(os, t.global.optG, t.global.optD)
	}
	if t.baseline != nil {
		os = append(os, t.baseline.optG, t.baseline.optD)
	}
	return os
}

// generators lists the noise generators a checkpoint holds.
func (t *Trainer) generators() []*torchx.Generator {
	var gs []*torchx.Generator
	for _, p := range t.local {
		gs = append(gs, p.noise)
	}
	if t.global != nil {
		gs = append(gs, t.global.noise)
	}
	if t.baseline != nil {
		gs = append(gs, t.baseline.noise)
	}
	return gs
}

// Save writes a checkpoint of the trainer's whole state to path, atomically.
func (t *Trainer) Save(path string) error {
	ck, err := t.snapshot()
	if err != nil {
		return err
	}
	var payload bytes.Buffer
	if err := gob.NewEncoder(&payload).Encode(ck); err != nil {
		return fmt.Errorf("train: encode checkpoint: %w", err)
	}
	var file bytes.Buffer
	file.WriteString(checkpointMagic)
	file.Write(payload.Bytes())
	file.Write(binary.LittleEndian.AppendUint32(nil, crc32.ChecksumIEEE(payload.Bytes())))
	file.WriteString(checkpointMark)
	return writeAtomic(path, file.Bytes())
}

func (t *Trainer) snapshot() (*checkpoint, error) {
	ck := &checkpoint{Version: checkpointVersion, Config: t.cfg, Iteration: t.iteration,
		Taken: map[string]int64{}}
	for _, n := range t.networks() {
		var b bytes.Buffer
		if err := nn.Encode(&b, n); err != nil {
			return nil, fmt.Errorf("train: checkpoint: %w", err)
		}
		ck.Networks = append(ck.Networks, b.Bytes())
	}
	for _, o := range t.optimizers() {
		st := optimizerState{Steps: o.Steps()}
		for _, s := range o.State() {
			st.Shapes = append(st.Shapes, s.Shape())
			st.Values = append(st.Values, torchx.Float32s(s))
		}
		ck.Optimizers = append(ck.Optimizers, st)
	}
	for _, g := range t.generators() {
		s, err := g.State()
		if err != nil {
			return nil, fmt.Errorf("train: checkpoint: %w", err)
		}
		ck.Generators = append(ck.Generators, s)
	}
	var err error
	if ck.GlobalRNG, err = torchx.CPURNGState(); err != nil {
		return nil, fmt.Errorf("train: checkpoint: %w", err)
	}
	for _, s := range t.streams() {
		ck.Taken[s.name] = s.taken
	}
	for _, p := range t.local {
		ck.Quarantined = append(ck.Quarantined, p.quarantined)
		ck.Reinits = append(ck.Reinits, p.reinits)
	}
	return ck, nil
}

// writeAtomic writes data to a temporary file beside path, syncs it,
// renames it to path and syncs the directory. On failure path is untouched.
func writeAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return fmt.Errorf("train: write checkpoint: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("train: write checkpoint %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("train: sync checkpoint %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("train: close checkpoint %s: %w", path, err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("train: rename checkpoint into %s: %w", path, err)
	}
	if d, derr := os.Open(dir); derr == nil {
		derr = d.Sync()
		d.Close()
		if derr != nil {
			return fmt.Errorf("train: sync directory %s: %w", dir, derr)
		}
	}
	return nil
}

// ReadConfig reads the configuration and iteration of the checkpoint at
// path without building anything.
func ReadConfig(path string) (Config, int, error) {
	ck, err := readCheckpoint(path)
	if err != nil {
		return Config{}, 0, err
	}
	return ck.Config, ck.Iteration, nil
}

// Resume rebuilds the trainer saved at path over src, which must be the
// data set the run was trained on; it continues bit for bit.
func Resume(path string, src data.Source) (*Trainer, error) {
	return ResumeWith(path, src, ResumeOptions{})
}

// ResumeOptions change where a resumed run goes on.
type ResumeOptions struct {
	// Device, when set, trains on this device instead of the checkpoint's
	// Config.Device: a run started on a GPU continues on a laptop, or the
	// other way round. The draws are the same; the arithmetic of another
	// device may differ in the last bits.
	Device string
}

// ResumeWith is Resume with options.
func ResumeWith(path string, src data.Source, opt ResumeOptions) (*Trainer, error) {
	ck, err := readCheckpoint(path)
	if err != nil {
		return nil, err
	}
	if opt.Device != "" {
		ck.Config.Device = opt.Device
	}
	t, err := newTrainer(ck.Config, src, ck.Taken)
	if err != nil {
		return nil, fmt.Errorf("train: resume %s: %w", path, err)
	}
	if err := t.restore(ck); err != nil {
		t.Close()
		return nil, fmt.Errorf("train: resume %s: %w", path, err)
	}
	return t, nil
}

func (t *Trainer) restore(ck *checkpoint) error {
	if err := t.restoreNetworks(ck); err != nil {
		return err
	}
	if err := t.restoreOptimizers(ck.Optimizers); err != nil {
		return err
	}
	gens := t.generators()
	if len(ck.Generators) != len(gens) {
		return fmt.Errorf("%d generator states for %d generators", len(ck.Generators), len(gens))
	}
	for i, g := range gens {
		if err := g.SetState(ck.Generators[i]); err != nil {
			return err
		}
	}
	if err := torchx.SetCPURNGState(ck.GlobalRNG); err != nil {
		return err
	}
	for i, p := range t.local {
		p.quarantined, p.reinits = ck.Quarantined[i], ck.Reinits[i]
	}
	t.iteration = ck.Iteration
	return nil
}

func (t *Trainer) restoreNetworks(ck *checkpoint) error {
	ns := t.networks()
	if len(ck.Networks) != len(ns) || len(ck.Quarantined) != len(t.local) ||
		len(ck.Reinits) != len(t.local) {
		return fmt.Errorf("checkpoint holds %d networks, the configuration builds %d",
			len(ck.Networks), len(ns))
	}
	for i, n := range ns {
		if err := nn.Decode(bytes.NewReader(ck.Networks[i]), n); err != nil {
			return err
		}
	}
	return nil
}

func (t *Trainer) restoreOptimizers(states []optimizerState) error {
	opts := t.optimizers()
	if len(states) != len(opts) {
		return fmt.Errorf("%d optimizer states for %d optimizers", len(states), len(opts))
	}
	for i, o := range opts {
		st := states[i]
		dst := o.State()
		if len(st.Values) != len(dst) || len(st.Shapes) != len(dst) {
			return fmt.Errorf("optimizer %d: %d state tensors, want %d", i, len(st.Values),
				len(dst))
		}
		src := make([]torch.Tensor, len(dst))
		for k := range dst {
			if err := checkLen(st.Values[k], st.Shapes[k]); err != nil {
				return fmt.Errorf("optimizer %d tensor %d: %w", i, k, err)
			}
			src[k] = torchx.FromFloat32(st.Values[k], st.Shapes[k]...)
		}
		if err := torchx.Copy(dst, src); err != nil {
			return fmt.Errorf("optimizer %d: %w", i, err)
		}
		o.SetSteps(st.Steps)
	}
	return nil
}

func checkLen(values []float32, shape []int64) error {
	n := int64(1)
	for _, d := range shape {
		n *= d
	}
	if len(shape) == 0 || n != int64(len(values)) {
		return fmt.Errorf("%d values for shape %v", len(values), shape)
	}
	return nil
}

// ErrIncomplete marks a checkpoint file that is truncated or damaged.
var ErrIncomplete = errors.New("incomplete or damaged checkpoint")

func readCheckpoint(path string) (*checkpoint, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("train: read checkpoint: %w", err)
	}
	n := len(raw)
	head, tail := len(checkpointMagic), len(checkpointMark)+4
	if n < head+tail || string(raw[:head]) != checkpointMagic {
		return nil, fmt.Errorf("train: %s is not an sgan checkpoint (no %q header)",
			path, checkpointMagic)
	}
	if string(raw[n-len(checkpointMark):]) != checkpointMark {
		return nil, fmt.Errorf("train: %s: %w: no completion mark (truncated?)", path,
			ErrIncomplete)
	}
	payload := raw[head : n-tail]
	if crc := binary.LittleEndian.Uint32(raw[n-tail:]); crc != crc32.ChecksumIEEE(payload) {
		return nil, fmt.Errorf("train: %s: %w: checksum mismatch", path, ErrIncomplete)
	}
	var ck checkpoint
	if err := gob.NewDecoder(bytes.NewReader(payload)).Decode(&ck); err != nil {
		return nil, fmt.Errorf("train: %s: %w: %v", path, ErrIncomplete, err)
	}
	if ck.Version != checkpointVersion {
		return nil, fmt.Errorf("train: %s: checkpoint format %d, this sgan reads %d",
			path, ck.Version, checkpointVersion)
	}
	return &ck, nil
}

// CheckpointPath is the file of the checkpoint at iteration it in dir.
func CheckpointPath(dir string, it int) string {
	return filepath.Join(dir, fmt.Sprintf("%s%08d%s", checkpointPrefix, it, checkpointSuffix))
}

// SaveCheckpoint writes the trainer's checkpoint into dir and deletes the
// oldest checkpoints there beyond the newest keep (keep < 1 keeps all).
func (t *Trainer) SaveCheckpoint(dir string, keep int) (string, error) {
	path := CheckpointPath(dir, t.iteration)
	if err := t.Save(path); err != nil {
		return "", err
	}
	if keep < 1 {
		return path, nil
	}
	all, err := Checkpoints(dir)
	if err != nil {
		return path, err
	}
	for len(all) > keep {
		if err := os.Remove(all[0]); err != nil {
			return path, fmt.Errorf("train: remove old checkpoint: %w", err)
		}
		all = all[1:]
	}
	return path, nil
}

// Checkpoints lists the checkpoint files of dir, oldest first.
func Checkpoints(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("train: list checkpoints: %w", err)
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, checkpointPrefix) && strings.HasSuffix(name, checkpointSuffix) {
			out = append(out, filepath.Join(dir, name))
		}
	}
	sort.Strings(out) // the zero-padded iteration orders them
	return out, nil
}

// LatestCheckpoint is the newest complete checkpoint of dir.
func LatestCheckpoint(dir string) (string, error) {
	all, err := Checkpoints(dir)
	if err != nil {
		return "", err
	}
	for i := len(all) - 1; i >= 0; i-- {
		if _, err := readCheckpoint(all[i]); err == nil {
			return all[i], nil
		}
	}
	return "", fmt.Errorf("train: no complete checkpoint in %s", dir)
}
