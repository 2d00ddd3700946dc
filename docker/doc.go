// Package docker holds no code: its test keeps the Dockerfile at the
// repository root (CUDA) and docker/cpu.Dockerfile honest on machines with
// no Docker engine, by parsing them and checking their stages, base images,
// the shared scripts/setup.sh step and the entrypoint.
package docker
