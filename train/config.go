package train

import (
	"errors"
	"fmt"
	"strings"

	"github.com/sgan-dev/sgan/internal/torchx"
	"github.com/sgan-dev/sgan/nn"
)

// Variant names a GAN variant.
type Variant string

// The variants of the paper.
const (
	GAN    Variant = "gan"     // non-saturating GAN, BCE with logits (DCGAN)
	WGAN   Variant = "wgan"    // Wasserstein GAN with weight clipping
	WGANGP Variant = "wgan-gp" // Wasserstein GAN with a gradient penalty
	DRAGAN Variant = "dragan"  // GAN with a penalty around perturbed real data
)

// Variants lists the variants in a fixed order.
var Variants = []Variant{GAN, WGAN, WGANGP, DRAGAN}

// OptimizerKind names an optimizer.
type OptimizerKind string

// The optimizers.
const (
	Adam    OptimizerKind = "adam"
	RMSProp OptimizerKind = "rmsprop"
)

// Config is a training run's configuration. The zero value of every field
// means its documented default; Resolve fills them in and validates.
type Config struct {
	// Pairs is N, the number of local pairs; default 5.
	Pairs int `json:"pairs"`
	// BatchSize is the minibatch size of every step; default 64.
	BatchSize int `json:"batch_size"`
	// NDis is I_D, the discriminator steps per generator step; default 1
	// for GAN and DRAGAN, 5 for WGAN and WGAN-GP.
	NDis int `json:"n_dis"`
	// MessengerSteps is the number of steps each messenger discriminator
	// takes against G0 per iteration; default NDis, as in Algorithm 1.
	// Since a messenger starts every iteration as a fresh copy of its D_i,
	// these steps are all it learns of G0: with the non-saturating GAN and
	// NDis 1, G0 was measured to collapse onto one mode of the 8-mode ring
	// while the local pairs spread over it, and 5 steps let it cover the
	// modes (README, "Messenger steps").
	MessengerSteps int `json:"messenger_steps,omitempty"`
	// Variant is the GAN variant; default GAN.
	Variant Variant `json:"variant"`

	// Optimizer is Adam (default) or RMSProp (the default for WGAN, as its
	// authors recommend).
	Optimizer OptimizerKind `json:"optimizer"`
	// LR is the learning rate; default 1e-4 (5e-5 for WGAN with RMSProp).
	LR float64 `json:"lr"`
	// Beta1 and Beta2 are Adam's; default 0.5 and 0.999 (paper, A.1), and
	// 0.9 for Beta2 with resnet1d networks: WGAN-GP's language model, whose
	// networks they are, trained with Adam(1e-4, 0.5, 0.9).
	Beta1 float64 `json:"beta1"`
	Beta2 float64 `json:"beta2"`
	// Alpha is RMSProp's smoothing constant; default 0.99.
	Alpha float64 `json:"alpha"`

	// Penalty is the weight of WGAN-GP's and DRAGAN's gradient penalty;
	// default 10.
	Penalty float64 `json:"penalty"`
	// Clip is WGAN's weight clipping bound; default 0.01.
	Clip float64 `json:"clip"`
	// Perturb is DRAGAN's perturbation scale C, in units of the real
	// batch's standard deviation; default 0.5.
	Perturb float64 `json:"perturb"`

	// NoGlobal trains the local pairs alone (no G0, D0 or messengers): an
	// ensemble of independent GANs.
	NoGlobal bool `json:"no_global"`
	// Simplified trains G0 against the local discriminators directly, with
	// no messengers ("simplified SGAN", Section 3).
	Simplified bool `json:"simplified"`
	// G0EveryLocal updates G0 after each local pair's update, against that
	// pair's messenger alone, N times an iteration (appendix, Figure 11).
	G0EveryLocal bool `json:"g0_every_local"`
	// Baseline trains one standard pair alongside, from G0's and D0's
	// initial weights and on the global pair's real minibatches and noise
	// (Section 4.1), so that a comparison is fair within one run.
	Baseline bool `json:"baseline"`
	// SharedReal makes the local pairs draw their real minibatches from one
	// stream, each taking the next batch. By default every local pair has a
	// stream of its own: the pairs are independent samples of GAN training.
	SharedReal bool `json:"shared_real"`
	// ShareWeights shares about half of the parameters among the local
	// generators (their last layers) and among the local discriminators
	// (their first layers): the paper's N-SW variant.
	ShareWeights bool `json:"share_weights"`
	// ReinitQuarantined re-initialises a local pair whose loss or
	// parameters became non-finite, instead of leaving it out for the rest
	// of the run.
	ReinitQuarantined bool `json:"reinit_quarantined"`

	// Workers is the number of local pairs whose steps run at once, each in
	// a goroutine on an OS thread of its own; default 1, one after another.
	// The result is bit-identical for every value. Pairs that share layers
	// or a real stream always run one after another.
	Workers int `json:"workers,omitempty"`

	// CheckEvery is, on a device with streams (CUDA), the iterations
	// between the host's reads of the local pairs' finiteness; default 1.
	// In between, a local pair that turned non-finite is masked out of the
	// global steps on the device (its messenger and its samples count as
	// zero), so that G0 and D0 stay finite, and it is quarantined and
	// reported at the next read. On the CPU every iteration is checked.
	CheckEvery int `json:"check_every,omitempty"`

	// Device is where the networks train: "cpu" (the default, also "") or
	// "cuda", "cuda:K". Random draws are made on the CPU whatever the
	// device, so a run draws the same noise and minibatches everywhere.
	Device string `json:"device,omitempty"`

	// Seed seeds every random stream of the run.
	Seed uint64 `json:"seed"`
	// G and D are the networks' specs (roles are set by Resolve).
	G nn.Spec `json:"g"`
	D nn.Spec `json:"d"`
}

// Resolve validates c and returns it with every default filled in. Its
// errors name the field and the accepted values.
func (c Config) Resolve() (Config, error) {
	c.setDefaults()
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	if c.Pairs < 1 {
		bad("pairs %d: want at least 1", c.Pairs)
	}
	if c.BatchSize < 1 {
		bad("batch size %d: want at least 1", c.BatchSize)
	}
	if c.NDis < 1 {
		bad("n-dis %d: want at least 1", c.NDis)
	}
	if c.MessengerSteps < 1 {
		bad("messenger steps %d: want at least 1", c.MessengerSteps)
	}
	if c.CheckEvery < 1 {
		bad("check-every %d: want at least 1", c.CheckEvery)
	}
	if c.Workers < 1 {
		bad("workers %d: want at least 1", c.Workers)
	}
	if !c.Variant.valid() {
		bad("variant %q: want one of %s", c.Variant, variantList())
	}
	if c.Optimizer != Adam && c.Optimizer != RMSProp {
		bad("optimizer %q: want adam or rmsprop", c.Optimizer)
	}
	if c.LR <= 0 {
		bad("learning rate %g: want > 0", c.LR)
	}
	if c.Beta1 < 0 || c.Beta1 >= 1 || c.Beta2 < 0 || c.Beta2 >= 1 {
		bad("adam betas (%g, %g): want each in [0, 1)", c.Beta1, c.Beta2)
	}
	if c.Alpha < 0 || c.Alpha >= 1 {
		bad("rmsprop alpha %g: want [0, 1)", c.Alpha)
	}
	if c.Penalty < 0 || c.Clip <= 0 || c.Perturb <= 0 {
		bad("penalty %g, clip %g, perturb %g: want penalty >= 0, clip and perturb > 0",
			c.Penalty, c.Clip, c.Perturb)
	}
	if c.NoGlobal && (c.Simplified || c.G0EveryLocal) {
		bad("no-global with simplified or g0-every-local: those change the global pair")
	}
	if c.Simplified && c.G0EveryLocal {
		bad("simplified and g0-every-local together: choose one")
	}
	if c.Device != "" {
		if d, err := torchx.ParseDevice(c.Device); err != nil {
			bad("%v", err)
		} else {
			c.Device = d.String()
		}
	}
	var err error
	c.G.Role, c.D.Role = nn.Generator, nn.Discriminator
	if c.G, err = c.G.Resolve(); err != nil {
		bad("generator: %v", err)
	}
	if c.D, err = c.D.Resolve(); err != nil {
		bad("discriminator: %v", err)
	}
	if len(errs) > 0 {
		return c, errors.New("train: config: " + strings.Join(errs, "; "))
	}
	return c, nil
}

func (c *Config) setDefaults() {
	if c.Pairs == 0 {
		c.Pairs = 5
	}
	if c.BatchSize == 0 {
		c.BatchSize = 64
	}
	if c.CheckEvery == 0 {
		c.CheckEvery = 1
	}
	if c.Workers == 0 {
		c.Workers = 1
	}
	if c.Variant == "" {
		c.Variant = GAN
	}
	wasserstein := c.Variant == WGAN || c.Variant == WGANGP
	if c.NDis == 0 {
		c.NDis = 1
		if wasserstein {
			c.NDis = 5
		}
	}
	if c.MessengerSteps == 0 {
		c.MessengerSteps = c.NDis
	}
	if c.Optimizer == "" {
		c.Optimizer = Adam
		if c.Variant == WGAN {
			c.Optimizer = RMSProp
		}
	}
	if c.LR == 0 {
		c.LR = 1e-4
		if c.Variant == WGAN && c.Optimizer == RMSProp {
			c.LR = 5e-5
		}
	}
	setZero(&c.Beta1, 0.5)
	if c.G.Arch == nn.ResNet1d {
		setZero(&c.Beta2, 0.9)
	}
	setZero(&c.Beta2, 0.999)
	setZero(&c.Alpha, 0.99)
	setZero(&c.Penalty, 10)
	setZero(&c.Clip, 0.01)
	setZero(&c.Perturb, 0.5)
	if c.G.Arch == "" {
		c.G.Arch = nn.MLP
	}
	if c.D.Arch == "" {
		c.D.Arch = c.G.Arch
	}
}

func setZero(v *float64, def float64) {
	if *v == 0 {
		*v = def
	}
}

func (v Variant) valid() bool {
	for _, w := range Variants {
		if v == w {
			return true
		}
	}
	return false
}

func variantList() string {
	s := make([]string, len(Variants))
	for i, v := range Variants {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}
