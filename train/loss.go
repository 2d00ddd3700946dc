package train

import (
	"fmt"

	torch "github.com/wangkuiyi/gotorch"

	"github.com/sgan-dev/sgan/internal/torchx"
	"github.com/sgan-dev/sgan/nn"
)

// Loss is a GAN variant's objective. It never changes the schedule.
type Loss interface {
	// Discriminator is lossD of d on a real batch and a fake batch that
	// carries no graph to its generator; rng draws the penalty's random
	// points.
	Discriminator(d nn.Network, real, fake torch.Tensor, rng *torchx.Generator) (DLoss, error)
	// Generator is lossG from the discriminator's logits on G(z).
	Generator(logits torch.Tensor) torch.Tensor
	// Constrain is applied to d after each of its updates (WGAN's clipping).
	Constrain(d nn.Network)
}

// DLoss is a discriminator's loss and its mean outputs on the real and the
// fake batch: probabilities for GAN and DRAGAN, critic values for WGAN and
// WGAN-GP.
type DLoss struct {
	Loss, Real, Fake torch.Tensor
}

// NewLoss returns the Loss of c's variant (c resolved).
func NewLoss(c Config) Loss {
	switch c.Variant {
	case WGAN:
		return wasserstein{clip: c.Clip}
	case WGANGP:
		return wasserstein{penalty: c.Penalty}
	case DRAGAN:
		return nonSaturating{penalty: c.Penalty, perturb: c.Perturb}
	}
	return nonSaturating{}
}

// nonSaturating is the GAN of Goodfellow et al. with the non-saturating
// generator loss, as DCGAN trains it: BCE with logits. With a penalty it is
// DRAGAN: the gradient norm of D is pushed to 1 around perturbed real data.
type nonSaturating struct {
	penalty, perturb float64
}

func (l nonSaturating) Discriminator(d nn.Network, real, fake torch.Tensor,
	rng *torchx.Generator) (DLoss, error) {
	// Update D: maximise log D(x) + log(1 - D(G(z))).
	realLogits, fakeLogits := d.Forward(real), d.Forward(fake) // (N), (N)
	loss := torch.Add(torchx.BCEWithLogits(realLogits, onesLike(realLogits)),
		torchx.BCEWithLogits(fakeLogits, zerosLike(fakeLogits)), 1)
	if l.penalty > 0 {
		gp, err := gradientPenalty(d, draganPoints(real, l.perturb, rng))
		if err != nil {
			return DLoss{}, err
		}
		loss = torch.Add(loss, torchx.MulScalar(gp, l.penalty), 1)
	}
	return DLoss{Loss: loss, Real: meanProbability(realLogits),
		Fake: meanProbability(fakeLogits)}, nil
}

// Generator maximises log D(G(z)).
func (nonSaturating) Generator(logits torch.Tensor) torch.Tensor {
	return torchx.BCEWithLogits(logits, onesLike(logits))
}

func (nonSaturating) Constrain(nn.Network) {}

// wasserstein is WGAN: a critic trained to maximise D(x) - D(G(z)), kept
// Lipschitz by weight clipping (clip > 0) or by a gradient penalty on
// points between real and fake samples (WGAN-GP, penalty > 0).
type wasserstein struct {
	clip, penalty float64
}

func (l wasserstein) Discriminator(d nn.Network, real, fake torch.Tensor,
	rng *torchx.Generator) (DLoss, error) {
	// Update the critic: minimise D(G(z)) - D(x).
	realOut, fakeOut := torchx.Mean(d.Forward(real)), torchx.Mean(d.Forward(fake))
	loss := torch.Sub(fakeOut, realOut, 1)
	if l.penalty > 0 {
		gp, err := gradientPenalty(d, interpolate(real, fake, rng))
		if err != nil {
			return DLoss{}, err
		}
		loss = torch.Add(loss, torchx.MulScalar(gp, l.penalty), 1)
	}
	return DLoss{Loss: loss, Real: realOut.Detach(), Fake: fakeOut.Detach()}, nil
}

// Generator minimises -D(G(z)).
func (wasserstein) Generator(logits torch.Tensor) torch.Tensor {
	return torchx.Neg(torchx.Mean(logits))
}

// Constrain clips every parameter of d to [-clip, clip] (WGAN only).
func (l wasserstein) Constrain(d nn.Network) {
	if l.clip <= 0 {
		return
	}
	for _, p := range d.Parameters() {
		torchx.ClampInPlace(p, -l.clip, l.clip)
	}
}

// gradientPenalty is mean((||grad_x D(x)||_2 - 1)^2) over the points x, by
// double backprop so that the penalty itself can be back-propagated.
func gradientPenalty(d nn.Network, x torch.Tensor) (torch.Tensor, error) {
	if err := torchx.SetRequiresGrad(x, true); err != nil {
		return torch.Tensor{}, err
	}
	out := d.Forward(x) // (N)
	grads, err := torchx.Grad([]torch.Tensor{out}, []torch.Tensor{x},
		[]torch.Tensor{onesLike(out)}, torchx.GradOptions{CreateGraph: true})
	if err != nil {
		return torch.Tensor{}, fmt.Errorf("train: gradient penalty: %w", err)
	}
	n := x.Shape()[0]
	norms := torchx.Norm(torchx.Reshape(grads[0], n, -1), 2, 1, false) // (N)
	return torchx.Mean(torchx.Square(torchx.AddScalar(norms, -1))), nil
}

// interpolate is WGAN-GP's alpha*real + (1-alpha)*fake, one alpha ~ U[0, 1)
// per example, as a new leaf.
func interpolate(real, fake torch.Tensor, rng *torchx.Generator) torch.Tensor {
	var x torch.Tensor
	torchx.NoGrad(func() {
		alpha := rng.Rand(perExample(real)...)
		x = torch.Add(fake, torch.Mul(alpha, torch.Sub(real, fake, 1)), 1)
	})
	return x
}

// draganPoints is DRAGAN's real + alpha*C*std(real)*u, with u ~ U[0, 1) of
// the batch's shape, one alpha ~ U[0, 1) per example and std the unbiased
// standard deviation of the whole batch.
func draganPoints(real torch.Tensor, c float64, rng *torchx.Generator) torch.Tensor {
	var x torch.Tensor
	torchx.NoGrad(func() {
		n := float64(torchx.Numel(real))
		centred := torch.Sub(real, torchx.Mean(real), 1)
		std := torchx.Sqrt(torchx.MulScalar(torchx.Sum(torchx.Square(centred)), 1/(n-1)))
		u := rng.Rand(real.Shape()...)
		alpha := rng.Rand(perExample(real)...)
		delta := torch.Mul(alpha, torchx.MulScalar(torch.Mul(u, std), c))
		x = torch.Add(real, delta, 1)
	})
	return x
}

// perExample is the shape (N, 1, ...) that broadcasts one value per example
// over a batch shaped like x.
func perExample(x torch.Tensor) []int64 {
	shape := x.Shape()
	out := make([]int64, len(shape))
	out[0] = shape[0]
	for i := 1; i < len(out); i++ {
		out[i] = 1
	}
	return out
}

func onesLike(x torch.Tensor) torch.Tensor  { return torchx.FullLike(x, 1) }
func zerosLike(x torch.Tensor) torch.Tensor { return torchx.FullLike(x, 0) }

func meanProbability(logits torch.Tensor) torch.Tensor {
	return torchx.Mean(logits.Detach().Sigmoid())
}
