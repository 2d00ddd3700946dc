package train

import (
	"fmt"
	"slices"
	"time"

	torch "github.com/wangkuiyi/gotorch"

	"github.com/sgan-dev/sgan/data"
	"github.com/sgan-dev/sgan/internal/torchx"
	"github.com/sgan-dev/sgan/nn"
)

// Stream tags of data.DeriveSeed: every random stream of a run derives its
// seed from Config.Seed, the tag and the pair (0 the global pair, 1..N the
// local pairs, N+1 the baseline).
const (
	tagInit  = 1
	tagReal  = 2
	tagNoise = 3
)

// Trainer runs Algorithm 1. Its methods are called from one goroutine.
type Trainer struct {
	cfg  Config
	loss Loss
	src  data.Source
	dev  torchx.Device // where the networks live (Config.Device)

	local            []*pair
	sharedG, sharedD torchx.Optimizer // N-SW: the shared layers' optimizers
	localReal        *stream          // SharedReal: the local pairs' one stream

	global     *pair      // G0 and D0; nil with NoGlobal
	messengers []*pair    // Dmsg_i (their d and optD only)
	baseline   *pair      // nil without Baseline
	draws      globalDraw // this iteration's draws of the global stream

	// Device streams (CUDA): each local pair's steps are queued on a stream
	// of its own (pair.queue), the global pair's and the baseline's on
	// globalQueue; callerQueue is the stream of the caller's thread, which
	// the iteration is ordered after and before. All nil on the CPU.
	globalQueue, callerQueue *torchx.Stream
	// deferCheck (with streams) computes the local pairs' finiteness on the
	// device each iteration and reads it every Config.CheckEvery iterations.
	deferCheck bool

	iteration  int
	localTime  time.Duration
	globalTime time.Duration
	events     []string
}

// globalDraw is one iteration's real minibatches and noise of the global
// stream, which the baseline pair shares: R_j and Z_j for the j-th
// discriminator step, ZG for the generator step.
type globalDraw struct {
	real, z []torch.Tensor
	zG      torch.Tensor
}

// New builds the 2N+2 networks of c (plus the baseline) and their streams
// over src. c is resolved first; src's example shape must fit the networks.
func New(c Config, src data.Source) (*Trainer, error) {
	return newTrainer(c, src, nil)
}

// newTrainer is New, with the samplers skipping the batches a checkpoint
// says were taken, by stream name (nil: none).
func newTrainer(c Config, src data.Source, taken map[string]int64) (*Trainer, error) {
	c, err := c.Resolve()
	if err != nil {
		return nil, err
	}
	if err := checkShapes(c, src); err != nil {
		return nil, err
	}
	dev, err := torchx.ParseDevice(c.Device)
	if c.Device == "" {
		dev, err = torchx.CPU, nil
	}
	if err == nil {
		err = dev.Usable()
	}
	if err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	t := &Trainer{cfg: c, loss: NewLoss(c), src: src, dev: dev}
	skip := func(name string) int64 { return taken[name] }
	if err := t.buildLocal(skip); err != nil {
		t.Close()
		return nil, err
	}
	if err := t.buildGlobal(skip("global")); err != nil {
		t.Close()
		return nil, err
	}
	if dev.IsCUDA() && !c.ShareWeights {
		if err := t.useStreams(dev); err != nil {
			t.Close()
			return nil, err
		}
	}
	return t, nil
}

// checkShapes fails when src's examples do not fit c's networks.
func checkShapes(c Config, src data.Source) error {
	shape := src.Shape()
	if c.G.Arch == nn.MLP {
		n := int64(1)
		for _, d := range shape {
			n *= d
		}
		if n != int64(c.G.DataDim) {
			return fmt.Errorf("train: data examples of shape %v have %d values, the MLP "+
				"networks' data dimension is %d", shape, n, c.G.DataDim)
		}
		return nil
	}
	want, axes := c.G.SampleShape(), "(channels, height, width)"
	if c.G.Arch == nn.ResNet1d {
		axes = "(vocabulary, sequence length)"
	}
	if !slices.Equal(shape, want) || !slices.Equal(c.D.SampleShape(), want) {
		return fmt.Errorf("train: data examples of shape %v do not fit %s, which "+
			"wants %v %s", shape, c.G.Arch, want, axes)
	}
	return nil
}

// initNetwork builds spec on the run's device after seeding libtorch's
// global generator with a seed of the network's own, so that its weights do
// not depend on which other networks exist.
func (t *Trainer) initNetwork(spec nn.Spec, pairIndex, role uint64, reinit int) (nn.Network,
	error) {
	torchx.ManualSeed(data.DeriveSeed(t.cfg.Seed, tagInit, pairIndex, role, uint64(reinit)))
	n, err := nn.New(spec)
	if err != nil {
		return nil, err
	}
	return n, nn.ToDevice(n, t.dev)
}

// newNoise is a noise generator of the given seed whose draws land on the
// run's device.
func (t *Trainer) newNoise(seed uint64) *torchx.Generator {
	g := torchx.NewGenerator(seed)
	g.SetDevice(t.dev)
	return g
}

// buildLocal makes the N local pairs, their optimizers and streams.
func (t *Trainer) buildLocal(skip func(string) int64) error {
	c := t.cfg
	gs, ds, err := t.localNetworks()
	if err != nil {
		return err
	}
	ownG, sharedG := splitShared(gs)
	ownD, sharedD := splitShared(ds)
	if len(sharedG) > 0 {
		if t.sharedG, err = newOptimizer(c, sharedG); err != nil {
			return err
		}
	}
	if len(sharedD) > 0 {
		if t.sharedD, err = newOptimizer(c, sharedD); err != nil {
			return err
		}
	}
	if c.SharedReal {
		if t.localReal, err = t.newStream("local", data.DeriveSeed(c.Seed, tagReal, 1),
			skip("local")); err != nil {
			return err
		}
	}
	for i := range gs {
		idx := uint64(i + 1)
		p := &pair{name: fmt.Sprintf("G%d", i+1), g: gs[i], d: ds[i],
			noise: t.newNoise(data.DeriveSeed(c.Seed, tagNoise, idx))}
		if p.optG, err = newOptimizer(c, ownG[i]); err != nil {
			return err
		}
		if p.optD, err = newOptimizer(c, ownD[i]); err != nil {
			return err
		}
		if c.SharedReal {
			p.real = t.localReal
		} else if p.real, err = t.newStream(fmt.Sprintf("local%d", i+1),
			data.DeriveSeed(c.Seed, tagReal, idx), skip(fmt.Sprintf("local%d", i+1))); err != nil {
			return err
		}
		t.local = append(t.local, p)
	}
	return nil
}

// localNetworks builds the local generators and discriminators, sharing
// about half of their parameters with N-SW.
func (t *Trainer) localNetworks() (gs, ds []nn.Network, err error) {
	c := t.cfg
	if c.ShareWeights {
		torchx.ManualSeed(data.DeriveSeed(c.Seed, tagInit, 1, 0))
		if gs, err = nn.NewShared(c.G, c.Pairs, nn.ShareOptions{}); err != nil {
			return nil, nil, fmt.Errorf("train: %w", err)
		}
		torchx.ManualSeed(data.DeriveSeed(c.Seed, tagInit, 1, 1))
		if ds, err = nn.NewShared(c.D, c.Pairs, nn.ShareOptions{}); err != nil {
			return nil, nil, fmt.Errorf("train: %w", err)
		}
		for _, n := range append(gs[:len(gs):len(gs)], ds...) {
			if err := nn.ToDevice(n, t.dev); err != nil {
				return nil, nil, fmt.Errorf("train: %w", err)
			}
		}
		return gs, ds, nil
	}
	for i := 1; i <= c.Pairs; i++ {
		g, err := t.initNetwork(c.G, uint64(i), 0, 0)
		if err != nil {
			return nil, nil, fmt.Errorf("train: %w", err)
		}
		d, err := t.initNetwork(c.D, uint64(i), 1, 0)
		if err != nil {
			return nil, nil, fmt.Errorf("train: %w", err)
		}
		gs, ds = append(gs, g), append(ds, d)
	}
	return gs, ds, nil
}

// buildGlobal makes G0, D0, the messengers and the baseline, and the global
// stream they draw from.
func (t *Trainer) buildGlobal(skip int64) error {
	c := t.cfg
	if c.NoGlobal && !c.Baseline {
		return nil
	}
	real, err := t.newStream("global", data.DeriveSeed(c.Seed, tagReal, 0), skip)
	if err != nil {
		return err
	}
	g0, d0, err := t.newPairNetworks(0)
	if err != nil {
		return err
	}
	global := &pair{name: "G0", g: g0, d: d0, real: real,
		noise: t.newNoise(data.DeriveSeed(c.Seed, tagNoise, 0))}
	if err := t.addOptimizers(global); err != nil {
		return err
	}
	if c.Baseline {
		if err := t.buildBaseline(global); err != nil {
			return err
		}
	}
	if c.NoGlobal {
		// The baseline still draws the global stream.
		t.global = &pair{name: "global stream", real: real, noise: global.noise}
		return nil
	}
	t.global = global
	if c.Simplified {
		return nil
	}
	for i := range t.local {
		d, err := nn.New(c.D)
		if err == nil {
			err = nn.ToDevice(d, t.dev)
		}
		if err != nil {
			return fmt.Errorf("train: %w", err)
		}
		m := &pair{name: fmt.Sprintf("Dmsg%d", i+1), d: d}
		if m.optD, err = newOptimizer(c, d.Parameters()); err != nil {
			return err
		}
		t.messengers = append(t.messengers, m)
	}
	return nil
}

// buildBaseline makes the baseline pair, a copy of the global pair's
// initial weights.
func (t *Trainer) buildBaseline(global *pair) error {
	g, d, err := t.newPairNetworks(uint64(len(t.local) + 1))
	if err != nil {
		return err
	}
	if err := nn.CopyState(g, global.g); err != nil {
		return fmt.Errorf("train: baseline: %w", err)
	}
	if err := nn.CopyState(d, global.d); err != nil {
		return fmt.Errorf("train: baseline: %w", err)
	}
	// The baseline's penalty points come from a generator of its own, so
	// that the global pair's draws do not depend on the baseline.
	t.baseline = &pair{name: "baseline", g: g, d: d, noise: t.newNoise(
		data.DeriveSeed(t.cfg.Seed, tagNoise, uint64(len(t.local)+1)))}
	return t.addOptimizers(t.baseline)
}

func (t *Trainer) newPairNetworks(index uint64) (g, d nn.Network, err error) {
	if g, err = t.initNetwork(t.cfg.G, index, 0, 0); err != nil {
		return nil, nil, fmt.Errorf("train: %w", err)
	}
	if d, err = t.initNetwork(t.cfg.D, index, 1, 0); err != nil {
		return nil, nil, fmt.Errorf("train: %w", err)
	}
	return g, d, nil
}

func (t *Trainer) addOptimizers(p *pair) (err error) {
	if p.optG, err = newOptimizer(t.cfg, p.g.Parameters()); err != nil {
		return err
	}
	p.optD, err = newOptimizer(t.cfg, p.d.Parameters())
	return err
}

// Config is the resolved configuration.
func (t *Trainer) Config() Config { return t.cfg }

// Iteration is the number of iterations done.
func (t *Trainer) Iteration() int { return t.iteration }

// G0 is the global generator, the product of SGAN; nil with NoGlobal.
func (t *Trainer) G0() nn.Network {
	if t.cfg.NoGlobal {
		return nil
	}
	return t.global.g
}

// Generators are G0 (unless NoGlobal), the local generators and the
// baseline's, with their names.
func (t *Trainer) Generators() (names []string, gens []nn.Network) {
	for _, p := range t.allPairs() {
		names, gens = append(names, p.name), append(gens, p.g)
	}
	return names, gens
}

// Discriminators are D0, the local discriminators and the baseline's, in
// the order of Generators.
func (t *Trainer) Discriminators() []nn.Network {
	var ds []nn.Network
	for _, p := range t.allPairs() {
		ds = append(ds, p.d)
	}
	return ds
}

// allPairs lists the pairs with networks: global, local, baseline.
func (t *Trainer) allPairs() []*pair {
	var ps []*pair
	if !t.cfg.NoGlobal {
		ps = append(ps, t.global)
	}
	ps = append(ps, t.local...)
	if t.baseline != nil {
		ps = append(ps, t.baseline)
	}
	return ps
}

// Close stops the samplers' goroutines.
func (t *Trainer) Close() {
	for _, s := range t.streams() {
		s.sampler.Close()
	}
	for _, p := range t.local {
		p.queue.Close()
	}
	t.globalQueue.Close()
	t.callerQueue.Close()
}

// useStreams gives every local pair a stream of dev of its own and the
// global pair (with the baseline) another, so that on a GPU the pairs'
// kernels overlap. N-SW pairs stay on one stream: their shared layers take
// every pair's gradients.
func (t *Trainer) useStreams(dev torchx.Device) error {
	var err error
	if t.callerQueue, err = torchx.CurrentStream(dev); err != nil {
		return fmt.Errorf("train: %w", err)
	}
	for _, p := range t.local {
		if p.queue, err = torchx.NewStream(dev); err != nil {
			return fmt.Errorf("train: %s: %w", p.name, err)
		}
	}
	if t.globalQueue, err = torchx.NewStream(dev); err != nil {
		return fmt.Errorf("train: global pair: %w", err)
	}
	// Simplified SGAN's G0 reads the local D_i themselves, which no mask can
	// make finite: it checks on the host every iteration.
	t.deferCheck = !t.cfg.Simplified
	return nil
}

// streams lists the distinct streams: local ones in pair order, then the
// global one. A checkpoint stores how many batches each has given, by name.
func (t *Trainer) streams() []*stream {
	var ss []*stream
	seen := map[*stream]bool{}
	for _, p := range t.local {
		if p.real != nil && !seen[p.real] {
			seen[p.real] = true
			ss = append(ss, p.real)
		}
	}
	if t.global != nil && t.global.real != nil {
		ss = append(ss, t.global.real)
	}
	return ss
}
