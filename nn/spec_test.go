package nn

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestResolveDefaults(t *testing.T) {
	tests := []struct {
		name string
		in   Spec
		want Spec
	}{
		{"mlp G", Spec{Arch: MLP, Role: Generator}, Spec{Arch: MLP, Role: Generator,
			NZ: 100, DataDim: 2, Hidden: 512, Layers: 4, Output: OutputLinear, Slope: 0.01}},
		{"mlp D", Spec{Arch: MLP, Role: Discriminator}, Spec{Arch: MLP,
			Role: Discriminator, DataDim: 2, Hidden: 512, Layers: 4, Slope: 0.01}},
		{"mlp G options kept", Spec{Arch: MLP, Role: Generator, NZ: 8, DataDim: 784,
			Hidden: 64, Layers: 3, Output: OutputTanh, Slope: 0.2}, Spec{Arch: MLP,
			Role: Generator, NZ: 8, DataDim: 784, Hidden: 64, Layers: 3,
			Output: OutputTanh, Slope: 0.2}},
		{"dcgan28 G", Spec{Arch: DCGAN28, Role: Generator}, Spec{Arch: DCGAN28,
			Role: Generator, NZ: 100, Channels: 1, NGF: 64}},
		{"dcgan28 D", Spec{Arch: DCGAN28, Role: Discriminator}, Spec{Arch: DCGAN28,
			Role: Discriminator, Channels: 1, NDF: 64, Slope: 0.2}},
		{"dcgan32 G", Spec{Arch: DCGAN32, Role: Generator}, Spec{Arch: DCGAN32,
			Role: Generator, NZ: 100, Channels: 3, NGF: 64}},
		{"dcgan64 D", Spec{Arch: DCGAN64, Role: Discriminator, NDF: 32, Channels: 1},
			Spec{Arch: DCGAN64, Role: Discriminator, Channels: 1, NDF: 32, Slope: 0.2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.in.Resolve()
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("Resolve() = %+v, want %+v", got, tc.want)
			}
			again, err := got.Resolve()
			if err != nil || again != got {
				t.Errorf("Resolve is not idempotent: %+v, %v", again, err)
			}
		})
	}
}

func TestResolveErrors(t *testing.T) {
	tests := []struct {
		name string
		in   Spec
		want string
	}{
		{"no role", Spec{Arch: MLP}, `role ""`},
		{"unknown arch", Spec{Arch: "resnet", Role: Generator}, `unknown architecture "resnet"`},
		{"nz on D", Spec{Arch: DCGAN32, Role: Discriminator, NZ: 10}, "nz applies to generators"},
		{"ngf on D", Spec{Arch: DCGAN32, Role: Discriminator, NGF: 10}, "ngf applies"},
		{"ndf on G", Spec{Arch: DCGAN32, Role: Generator, NDF: 10}, "option ndf"},
		{"slope on dcgan G", Spec{Arch: DCGAN64, Role: Generator, Slope: 0.2}, "option slope"},
		{"hidden on dcgan", Spec{Arch: DCGAN28, Role: Generator, Hidden: 3}, "option hidden"},
		{"channels on mlp", Spec{Arch: MLP, Role: Generator, Channels: 3}, "option channels"},
		{"output on mlp D", Spec{Arch: MLP, Role: Discriminator, Output: OutputTanh},
			"output applies to generators"},
		{"bad output", Spec{Arch: MLP, Role: Generator, Output: "relu"}, `output "relu"`},
		{"one layer", Spec{Arch: MLP, Role: Generator, Layers: 1}, "layers 1"},
		{"negative hidden", Spec{Arch: MLP, Role: Discriminator, Hidden: -3}, "hidden -3"},
		{"huge ngf", Spec{Arch: DCGAN64, Role: Generator, NGF: 1 << 20}, "ngf 1048576"},
		{"slope above 1", Spec{Arch: MLP, Role: Generator, Slope: 1.5}, "slope 1.5"},
		{"too many channels", Spec{Arch: DCGAN32, Role: Generator, Channels: 65},
			"channels 65"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.in.Resolve()
			if err == nil || !strings.Contains(err.Error(), tc.want) ||
				!strings.HasPrefix(err.Error(), "nn: spec") {
				t.Fatalf("err = %v, want an nn: spec error containing %q", err, tc.want)
			}
			if _, err := New(tc.in); err == nil {
				t.Fatalf("New accepted the invalid spec %+v", tc.in)
			}
		})
	}
}

func TestSpecJSONRoundTrip(t *testing.T) {
	for _, arch := range Archs {
		for _, role := range []Role{Generator, Discriminator} {
			s, err := Spec{Arch: arch, Role: role}.Resolve()
			if err != nil {
				t.Fatal(err)
			}
			raw, err := json.Marshal(s)
			if err != nil {
				t.Fatal(err)
			}
			got, err := parseSpec(raw)
			if err != nil {
				t.Fatal(err)
			}
			if got != s {
				t.Errorf("%s: round trip gave %+v", raw, got)
			}
		}
	}
}

func TestSpecStringAndSampleShape(t *testing.T) {
	tests := []struct {
		in    Spec
		str   string
		shape []int64
	}{
		{Spec{Arch: MLP, Role: Discriminator}, "mlp discriminator (data_dim=2 hidden=512 " +
			"layers=4 slope=0.01)", []int64{2}},
		{Spec{Arch: DCGAN28, Role: Generator}, "dcgan28 generator (nz=100 channels=1 ngf=64)",
			[]int64{1, 28, 28}},
		{Spec{Arch: DCGAN64, Role: Discriminator}, "dcgan64 discriminator (channels=3 " +
			"ndf=64 slope=0.2)", []int64{3, 64, 64}},
	}
	for _, tc := range tests {
		t.Run(tc.str, func(t *testing.T) {
			s, err := tc.in.Resolve()
			if err != nil {
				t.Fatal(err)
			}
			if got := s.String(); got != tc.str {
				t.Errorf("String() = %q, want %q", got, tc.str)
			}
			if got := s.SampleShape(); !equalShape(got, tc.shape) {
				t.Errorf("SampleShape() = %v, want %v", got, tc.shape)
			}
		})
	}
}
